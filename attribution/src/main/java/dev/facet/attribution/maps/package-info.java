/**
 * Concepts on images (docs/algorithms.md#concept-maps): {@link dev.facet.attribution.maps.ConceptMaps}
 * encodes the grid tokens of a hook point into sparse {@link
 * dev.facet.attribution.maps.ConceptMapBatch}es; {@link dev.facet.attribution.maps.TopImages} keeps
 * each concept's best images and {@link dev.facet.attribution.maps.ConceptActivity} its firing
 * statistics over any number of batches; {@link dev.facet.attribution.maps.MapInterpolation} resizes a
 * map to image size.
 */
package dev.facet.attribution.maps;
