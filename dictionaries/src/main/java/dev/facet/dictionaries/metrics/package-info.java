/** Metrics over dictionaries and codes (REFERENCE §3): Hungarian matching of atoms so far. */
package dev.facet.dictionaries.metrics;
