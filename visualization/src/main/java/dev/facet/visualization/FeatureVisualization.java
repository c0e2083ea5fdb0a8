package dev.facet.visualization;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.tensor.Tensor;
import java.util.Objects;

/**
 * The result of a feature visualization ({@link Maco}, {@link PixelVisualization}).
 *
 * @param image        the optimised image (c, h, w) in [0, 1], in the model's channel order
 * @param transparency (h, w): the sum over steps of |∂loss/∂image|, mean over channels, unscaled; MACO's
 *                     transparency map (Fel et al. 2023)
 * @param trajectory   the mean objective over each step's crops (or jittered copies), one per step
 * @param score        the objective on the final image resized to the model's input, without noise
 * @param order        the channel order of {@code image}
 */
public record FeatureVisualization(Tensor image, Tensor transparency, double[] trajectory, double score,
                                   ChannelOrder order) {

    public FeatureVisualization {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(transparency, "transparency");
        Objects.requireNonNull(order, "order");
        if (image.rank() != 3 || transparency.rank() != 2 || image.dim(1) != transparency.dim(0)
                || image.dim(2) != transparency.dim(1)) {
            throw new InvalidDataException("A feature visualization needs an image (c, h, w) and a transparency (h, w),"
                    + " found " + image + " and " + transparency);
        }
        if ((order == ChannelOrder.GRAY) != (image.dim(0) == 1) || (image.dim(0) != 1 && image.dim(0) != 3)) {
            throw new InvalidDataException("A feature visualization image of " + image.dim(0) + " channel(s) cannot be in "
                    + order + " order");
        }
        trajectory = trajectory.clone();
    }

    /** A visualization of a gray image or an RGB one. */
    public FeatureVisualization(Tensor image, Tensor transparency, double[] trajectory, double score) {
        this(image, transparency, trajectory, score, image.dim(0) == 1 ? ChannelOrder.GRAY : ChannelOrder.RGB);
    }

    @Override
    public double[] trajectory() {
        return trajectory.clone();
    }

    /** Channels of the image. */
    public int channels() {
        return (int) image.dim(0);
    }

    /** Height of the image, pixels. */
    public int height() {
        return (int) image.dim(1);
    }

    /** Width of the image, pixels. */
    public int width() {
        return (int) image.dim(2);
    }
}
