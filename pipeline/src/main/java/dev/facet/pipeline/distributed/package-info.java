/**
 * The passes over all images that scale with the data, as a contract a cluster engine's module fulfils
 * ({@link dev.facet.pipeline.distributed.DistributedPasses}, found through {@link java.util.ServiceLoader}).
 */
package dev.facet.pipeline.distributed;
