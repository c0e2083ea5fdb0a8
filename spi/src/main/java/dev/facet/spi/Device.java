package dev.facet.spi;

/** Where a component computes. {@link #GPU} falls back to an error, never silently to CPU. */
public enum Device {
    CPU,
    GPU
}
