package dev.facet.spi.backbone;

/** Order of the colour channels a backbone expects. */
public enum ChannelOrder {
    RGB,
    BGR,
    GRAY
}
