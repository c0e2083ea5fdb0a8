package dev.facet.checks.violations.spi;

import ai.djl.ndarray.NDArray;

/** Breaks the JDK-only SPI rule on purpose: an SPI type that exposes an engine array. */
public interface NativeInSpi {
    NDArray activations();
}
