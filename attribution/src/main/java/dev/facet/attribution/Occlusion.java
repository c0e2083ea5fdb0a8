package dev.facet.attribution;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Occlusion sensitivity (Zeiler and Fergus, "Visualizing and Understanding Convolutional
 * Networks", ECCV 2014): slide a square patch of a baseline value over the image and record how
 * much the objective drops. The map at a pixel is the mean drop over every patch position that
 * covers it, so positive values mark evidence for the objective. Needs forward passes only.
 */
public final class Occlusion implements Attribution {
    private final OcclusionSettings settings;

    public Occlusion(OcclusionSettings settings) {
        this.settings = settings;
    }

    @Override
    public Tensor explain(Backbone backbone, Tensor pixels, Objective target, RunContext context) {
        if (pixels.rank() != 4) {
            throw new InvalidDataException("Occlusion needs pixels (n, c, h, w), found shape " + pixels);
        }
        int n = (int) pixels.dim(0);
        int channels = (int) pixels.dim(1);
        int height = (int) pixels.dim(2);
        int width = (int) pixels.dim(3);
        int window = settings.window();
        if (window > height || window > width) {
            throw new InvalidDataException("Occlusion window " + window + " exceeds the image size "
                    + height + "x" + width);
        }
        List<int[]> positions = positions(height, width);
        double[] original = target.scores(backbone.forward(pixels, target.hookPoint()));
        int imageSize = channels * height * width;
        float[] maps = new float[n * height * width];
        try (ProgressTask task = context.progress().start("occlusion", (long) n * positions.size(), "patches")) {
            for (int image = 0; image < n; image++) {
                float[] sum = new float[height * width];
                int[] count = new int[height * width];
                for (int from = 0; from < positions.size(); from += settings.batchSize()) {
                    context.cancellation().throwIfCancelled("occlusion");
                    int batch = Math.min(settings.batchSize(), positions.size() - from);
                    float[] occluded = new float[batch * imageSize];
                    for (int b = 0; b < batch; b++) {
                        System.arraycopy(pixels.data(), image * imageSize, occluded, b * imageSize, imageSize);
                        fill(occluded, b * imageSize, channels, height, width, positions.get(from + b));
                    }
                    Tensor batchPixels = new Tensor(new long[] {batch, channels, height, width}, occluded);
                    double[] scores = target.scores(backbone.forward(batchPixels, target.hookPoint()));
                    for (int b = 0; b < batch; b++) {
                        accumulate(sum, count, width, positions.get(from + b), (float) (original[image] - scores[b]));
                    }
                    task.advance(batch);
                }
                for (int p = 0; p < sum.length; p++) {
                    maps[image * height * width + p] = sum[p] / count[p];
                }
            }
        }
        return new Tensor(new long[] {n, height, width}, maps);
    }

    /** Top-left corners of every patch; the last row and column reach the image border. */
    private List<int[]> positions(int height, int width) {
        List<int[]> positions = new ArrayList<>();
        for (int y : starts(height)) {
            for (int x : starts(width)) {
                positions.add(new int[] {y, x});
            }
        }
        return positions;
    }

    private List<Integer> starts(int size) {
        List<Integer> starts = new ArrayList<>();
        int last = size - settings.window();
        for (int s = 0; s < last; s += settings.stride()) {
            starts.add(s);
        }
        starts.add(last);
        return starts;
    }

    private void fill(float[] images, int offset, int channels, int height, int width, int[] corner) {
        int window = settings.window();
        for (int c = 0; c < channels; c++) {
            for (int y = corner[0]; y < corner[0] + window; y++) {
                int row = offset + (c * height + y) * width;
                for (int x = corner[1]; x < corner[1] + window; x++) {
                    images[row + x] = settings.baseline();
                }
            }
        }
    }

    private void accumulate(float[] sum, int[] count, int width, int[] corner, float drop) {
        int window = settings.window();
        for (int y = corner[0]; y < corner[0] + window; y++) {
            for (int x = corner[1]; x < corner[1] + window; x++) {
                sum[y * width + x] += drop;
                count[y * width + x]++;
            }
        }
    }
}
