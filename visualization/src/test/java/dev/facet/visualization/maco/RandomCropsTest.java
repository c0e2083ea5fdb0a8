package dev.facet.visualization.maco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomCropsTest {

    private static final int C = 3;
    private static final int H = 9;
    private static final int W = 13;
    private static final int OUT_H = 7;
    private static final int OUT_W = 5;

    @Test
    void cropsMatchTorchGridSampleAndTheirAdjoint() {
        float[] image = Golden.values("crop_image");
        float[] boxes = Golden.values("crop_boxes");
        float[] upstream = Golden.values("crop_upstream");
        int count = boxes.length / 4;
        int crop = C * OUT_H * OUT_W;
        float[] out = new float[count * crop];
        float[] gradient = new float[image.length];
        for (int b = 0; b < count; b++) {
            CropBox box = new CropBox(boxes[4 * b], boxes[4 * b + 1], boxes[4 * b + 2], boxes[4 * b + 3]);
            RandomCrops.crop(image, C, H, W, box, OUT_H, OUT_W, out, b * crop);
            RandomCrops.cropBackward(upstream, b * crop, C, H, W, box, OUT_H, OUT_W, gradient);
        }
        assertTrue(Golden.relativeError(out, Golden.values("crop_out")) < 1e-6);
        assertTrue(Golden.relativeError(gradient, Golden.values("crop_gradient")) < 1e-6);
    }

    @Test
    void cropBackwardIsTheAdjointOfCrop() {
        Random random = new Random(4);
        float[] image = randoms(random, C * H * W);
        float[] g = randoms(random, C * 11 * 6);
        for (CropBox box : RandomCrops.sample(new SplittableRandom(9), 20, 0.7)) {
            float[] out = new float[g.length];
            RandomCrops.crop(image, C, H, W, box, 11, 6, out, 0);
            float[] back = new float[image.length];
            RandomCrops.cropBackward(g, 0, C, H, W, box, 11, 6, back);
            double left = dot(out, g);
            double right = dot(image, back);
            assertEquals(left, right, 1e-5 * Math.max(1, Math.abs(left)), box.toString());
        }
    }

    @Test
    void fullBoxOfTheSameSizeIsTheIdentityAndSinglePixelReadsTheCentre() {
        float[] image = randoms(new Random(2), C * H * W);
        float[] out = new float[image.length];
        RandomCrops.crop(image, C, H, W, new CropBox(0, 0, 1, 1), H, W, out, 0);
        assertArrayEquals(image, out, 1e-6f);
        float[] centre = new float[C];
        RandomCrops.crop(image, C, H, W, new CropBox(0, 0, 1, 1), 1, 1, centre, 0);
        assertEquals(image[4 * W + 6], centre[0], 1e-6f);
    }

    @Test
    void outsideTheImageReadsZero() {
        float[] image = randoms(new Random(3), C * H * W);
        float[] out = new float[C * 4 * 4];
        RandomCrops.crop(image, C, H, W, new CropBox(1.5, 1.5, 2.5, 2.5), 4, 4, out, 0);
        assertArrayEquals(new float[out.length], out);
    }

    @Test
    void samplesAreDeterministicSquaresOfClippedSide() {
        List<CropBox> first = RandomCrops.sample(new SplittableRandom(42), 500, 0.6);
        assertEquals(first, RandomCrops.sample(new SplittableRandom(42), 500, 0.6));
        double meanSide = 0;
        double meanCentre = 0;
        for (CropBox box : first) {
            double side = box.bottom() - box.top();
            assertEquals(side, box.right() - box.left(), 1e-12);
            assertTrue(side >= RandomCrops.MIN_SIZE - 1e-12 && side <= 1 + 1e-12, "side " + side);
            meanSide += side / first.size();
            meanCentre += (box.top() + box.bottom()) / 2 / first.size();
        }
        assertEquals(0.6, meanSide, 0.01);
        assertEquals(0.5, meanCentre, 0.02);
        List<CropBox> large = RandomCrops.sample(new SplittableRandom(1), 200, 1.0);
        assertTrue(large.stream().allMatch(b -> b.bottom() - b.top() <= 1 + 1e-12));
    }

    @Test
    void rejectsBadArguments() {
        SplittableRandom random = new SplittableRandom(0);
        assertThrows(IllegalArgumentException.class, () -> RandomCrops.sample(random, -1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> RandomCrops.sample(random, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new CropBox(0, Double.NaN, 1, 1));
        CropBox box = new CropBox(0, 0, 1, 1);
        assertThrows(IllegalArgumentException.class,
                () -> RandomCrops.crop(new float[5], C, H, W, box, 2, 2, new float[12], 0));
        assertThrows(IllegalArgumentException.class,
                () -> RandomCrops.crop(new float[C * H * W], C, H, W, box, 2, 2, new float[12], 1));
    }

    static float[] randoms(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
