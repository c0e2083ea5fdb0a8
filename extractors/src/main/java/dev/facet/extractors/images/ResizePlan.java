package dev.facet.extractors.images;

import dev.facet.spi.backbone.ResizeMode;

/**
 * How a {@code sourceWidth x sourceHeight} image becomes {@code targetWidth x targetHeight} under a
 * {@link ResizeMode}:
 * <ul>
 *   <li>{@code STRETCH}: each axis is scaled to the target independently;</li>
 *   <li>{@code SHORTER_SIDE_CENTER_CROP}: both axes are scaled by {@code max(tw / w, th / h)}, so the
 *       image covers the target (for a square target: the shorter side becomes the target size), each
 *       scaled length rounded to the nearest pixel, then the centre is cropped; when the overhang is
 *       odd the crop starts {@code floor(overhang / 2)} pixels in;</li>
 *   <li>{@code PAD}: both axes are scaled by {@code min(tw / w, th / h)}, so the image fits inside the
 *       target (the longer side becomes the target size), rounded to the nearest pixel and at least 1,
 *       then placed in the centre ({@code floor(margin / 2)} pixels from the top/left); the margins
 *       are padding.</li>
 * </ul>
 */
record ResizePlan(AxisPlan horizontal, AxisPlan vertical) {

    static ResizePlan of(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight, ResizeMode mode) {
        return switch (mode) {
            case STRETCH -> new ResizePlan(stretch(sourceWidth, targetWidth), stretch(sourceHeight, targetHeight));
            case SHORTER_SIDE_CENTER_CROP -> {
                double factor = Math.max((double) targetWidth / sourceWidth, (double) targetHeight / sourceHeight);
                yield new ResizePlan(crop(sourceWidth, targetWidth, factor), crop(sourceHeight, targetHeight, factor));
            }
            case PAD -> {
                double factor = Math.min((double) targetWidth / sourceWidth, (double) targetHeight / sourceHeight);
                yield new ResizePlan(pad(sourceWidth, targetWidth, factor), pad(sourceHeight, targetHeight, factor));
            }
        };
    }

    /** Whether resizing leaves the pixels exactly as they are. */
    boolean isIdentity() {
        return horizontal.isIdentity() && vertical.isIdentity() && horizontal.padOffset() == 0
                && vertical.padOffset() == 0;
    }

    private static AxisPlan stretch(int source, int target) {
        return new AxisPlan(source, target, 0, target, 0);
    }

    private static AxisPlan crop(int source, int target, double factor) {
        int scaled = (int) Math.max(target, Math.round(source * factor));
        return new AxisPlan(source, scaled, (scaled - target) / 2, target, 0);
    }

    private static AxisPlan pad(int source, int target, double factor) {
        int scaled = (int) Math.min(target, Math.max(1, Math.round(source * factor)));
        return new AxisPlan(source, scaled, 0, scaled, (target - scaled) / 2);
    }
}
