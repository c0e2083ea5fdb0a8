/** Synthetic activations with a known answer, for tests and benchmarks. */
package dev.facet.dictionaries.synthetic;
