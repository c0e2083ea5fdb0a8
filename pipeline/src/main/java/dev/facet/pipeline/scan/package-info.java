/**
 * The concept scan, concepts on images (docs/algorithms.md#concept-maps):
 * {@link dev.facet.pipeline.scan.ConceptMaps} encodes the grid tokens of a hook point into sparse
 * {@link dev.facet.pipeline.scan.ConceptMapBatch}es; {@link dev.facet.pipeline.scan.TopImages} keeps
 * each concept's best images and {@link dev.facet.pipeline.scan.ConceptActivity} its firing
 * statistics over any number of batches; {@link dev.facet.report.picture.MapInterpolation} resizes a
 * map to image size.
 */
package dev.facet.pipeline.scan;
