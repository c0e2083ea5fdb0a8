package dev.facet.visualization;

import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.visualization.optim.Optimizer;
import dev.facet.visualization.optim.OptimizerKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The pixel-space baseline of feature visualization (Olah et al. 2017, "Feature Visualization", Distill;
 * docs/algorithms.md#pixel-space-baseline): the image is {@code sigmoid(p)} of free logits {@code p}
 * (initialised N(0, 0.01²), a mid-gray image), and Adam ascends
 * {@code mean objective over jittered copies − l2·mean((x − 0.5)²) − tv·TV(x)}. Each step draws
 * {@code batchSize} copies, each rolled circularly by its own integer shift in [−jitter, jitter] per
 * axis, and resized to the model's input when the image's size differs. TV is the mean absolute
 * difference of vertical and horizontal neighbours, differentiated through its sign. The transparency
 * map sums |∂objective/∂image| over the steps, as MACO's does; the penalties do not enter it.
 */
public final class PixelVisualization {
    private static final String METHOD = "pixel";

    private final DifferentiableBackbone backbone;
    private final Objective objective;
    private final PixelSettings settings;

    private PixelVisualization(Builder builder) {
        this.backbone = builder.backbone;
        this.objective = builder.objective;
        this.settings = builder.settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Optimises an image for the objective; progress in steps, cancellation checked before each. */
    public FeatureVisualization run(RunContext context) {
        ObjectiveGradient gradients = new ObjectiveGradient(backbone, objective, settings.batchSize());
        InputSpec input = gradients.input();
        int channels = input.channels();
        int height = settings.size() == 0 ? input.height() : settings.size();
        int width = settings.size() == 0 ? input.width() : settings.size();
        int size = channels * height * width;
        int copies = settings.batchSize();
        int inputSize = gradients.imageSize();
        SplittableRandom random = new SplittableRandom(context.seedFor(METHOD));
        float[] logits = new float[size];
        for (int i = 0; i < size; i++) {
            logits[i] = (float) (0.01 * random.nextGaussian());
        }
        Optimizer optimizer = OptimizerKind.ADAM.create(size, settings.learningRate());
        float[] image = new float[size];
        float[] rolled = new float[size];
        float[] batch = new float[copies * inputSize];
        float[] batchGradient = new float[copies * inputSize];
        float[] copyGradient = new float[size];
        float[] objectiveLoss = new float[size];
        float[] lossGradient = new float[size];
        int[][] shifts = new int[copies][2];
        Trace trace = new Trace("Pixel-space visualization", settings.steps(), channels, height, width);
        try (ProgressTask task = context.progress().start(METHOD, settings.steps(), "steps")) {
            for (int step = 0; step < settings.steps(); step++) {
                context.cancellation().throwIfCancelled("Pixel-space visualization");
                sigmoid(logits, image);
                for (int k = 0; k < copies; k++) {
                    shifts[k][0] = random.nextInt(-settings.jitter(), settings.jitter() + 1);
                    shifts[k][1] = random.nextInt(-settings.jitter(), settings.jitter() + 1);
                    roll(image, channels, height, width, shifts[k][0], shifts[k][1], rolled);
                    System.arraycopy(gradients.toInput(rolled, height, width), 0, batch, k * inputSize, inputSize);
                }
                double[] scores = gradients.evaluate(batch, copies, batchGradient);
                Arrays.fill(objectiveLoss, 0f);
                for (int k = 0; k < copies; k++) {
                    Arrays.fill(copyGradient, 0f);
                    gradients.fromInput(batchGradient, k * inputSize, height, width, copyGradient);
                    roll(copyGradient, channels, height, width, -shifts[k][0], -shifts[k][1], rolled);
                    for (int i = 0; i < size; i++) {
                        objectiveLoss[i] -= rolled[i] / copies;
                    }
                }
                double objective = trace.record(step, scores, objectiveLoss);
                System.arraycopy(objectiveLoss, 0, lossGradient, 0, size);
                addPenaltyGradients(image, channels, height, width, lossGradient);
                for (int i = 0; i < size; i++) {
                    lossGradient[i] *= image[i] * (1 - image[i]);
                }
                optimizer.step(logits, lossGradient);
                task.advance(1);
                task.status(String.format(Locale.ROOT, "objective=%.4g", objective));
            }
        }
        sigmoid(logits, image);
        return trace.finish(image, gradients.score(image, height, width), input.order());
    }

    /** Adds ∂/∂x of {@code l2·mean((x − 0.5)²) + tv·TV(x)} to {@code gradient}. */
    private void addPenaltyGradients(float[] x, int channels, int height, int width, float[] gradient) {
        double perValue = 1.0 / x.length;
        for (int i = 0; i < x.length; i++) {
            gradient[i] += (float) (settings.l2() * 2 * (x[i] - 0.5) * perValue);
        }
        if (settings.tv() == 0) {
            return;
        }
        float weight = (float) (settings.tv() * perValue);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    int at = (c * height + i) * width + j;
                    if (i + 1 < height) {
                        float s = weight * Math.signum(x[at + width] - x[at]);
                        gradient[at + width] += s;
                        gradient[at] -= s;
                    }
                    if (j + 1 < width) {
                        float s = weight * Math.signum(x[at + 1] - x[at]);
                        gradient[at + 1] += s;
                        gradient[at] -= s;
                    }
                }
            }
        }
    }

    /** {@code out[c, (i + dy) mod h, (j + dx) mod w] = image[c, i, j]}. */
    static void roll(float[] image, int channels, int height, int width, int dy, int dx, float[] out) {
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < height; i++) {
                int row = (c * height + Math.floorMod(i + dy, height)) * width;
                for (int j = 0; j < width; j++) {
                    out[row + Math.floorMod(j + dx, width)] = image[(c * height + i) * width + j];
                }
            }
        }
    }

    private static void sigmoid(float[] logits, float[] out) {
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        }
    }

    /** Builder of {@link PixelVisualization}: backbone and objective are required. */
    public static final class Builder {
        private DifferentiableBackbone backbone;
        private Objective objective;
        private PixelSettings settings = PixelSettings.defaults();

        private Builder() {
        }

        /**
         * The model to visualize (required).
         *
         * @throws dev.facet.spi.MissingCapabilityException naming INPUT_GRADIENTS and the model when the backbone
         *                                                  cannot differentiate its input
         */
        public Builder setBackbone(Backbone backbone) {
            this.backbone = ObjectiveGradient.require(Objects.requireNonNull(backbone, "backbone"), METHOD);
            return this;
        }

        /** What to ascend (required): a concept, a class logit, a channel or a direction. */
        public Builder setObjective(Objective objective) {
            this.objective = Objects.requireNonNull(objective, "objective");
            return this;
        }

        /** Steps, learning rate, jitter and penalties; {@link PixelSettings#defaults()} when not set. */
        public Builder optSettings(PixelSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Optimises as {@link PixelVisualization#run} does. */
        public FeatureVisualization run(RunContext context) {
            return build().run(context);
        }

        public PixelVisualization build() {
            if (backbone == null || objective == null) {
                throw new ConfigException("PixelVisualization: missing required "
                        + (backbone == null ? "backbone (call setBackbone)" : "objective (call setObjective)"));
            }
            return new PixelVisualization(this);
        }
    }
}
