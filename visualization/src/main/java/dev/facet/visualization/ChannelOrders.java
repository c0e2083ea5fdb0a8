package dev.facet.visualization;

import dev.facet.spi.backbone.ChannelOrder;

/** Converts images between RGB order, in which images are drawn and written, and a model's channel order. */
final class ChannelOrders {

    private ChannelOrders() {
    }

    /**
     * Swaps the first and third channel of {@code count} images (c, plane) laid out one after the other
     * when {@code order} is BGR; RGB and gray images are left alone. The swap is its own inverse, so it
     * converts RGB to the model's order and back.
     */
    static void swapIfBgr(ChannelOrder order, float[] images, int count, int plane) {
        if (order != ChannelOrder.BGR) {
            return;
        }
        for (int i = 0; i < count; i++) {
            int red = i * 3 * plane;
            int blue = red + 2 * plane;
            for (int p = 0; p < plane; p++) {
                float swap = images[red + p];
                images[red + p] = images[blue + p];
                images[blue + p] = swap;
            }
        }
    }
}
