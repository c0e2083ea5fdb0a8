package dev.facet.visualization;

import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.visualization.maco.CropBox;
import dev.facet.visualization.maco.FourierImage;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import dev.facet.visualization.maco.RandomCrops;
import dev.facet.visualization.optim.Optimizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * MACO (Fel et al. 2023, "Unlocking Feature Visualization for Deeper Networks with MAgnitude Constrained
 * Optimization"; docs/algorithms.md#feature-visualization-maco): the image is the inverse Fourier
 * transform of a fixed natural magnitude spectrum and a learned phase. Each step renders the image,
 * takes random crops whose mean side falls linearly from 0.5 to 0.05 of the image, resizes them to the
 * model's input, adds noise, and moves the phase to ascend the mean objective over the crops. The
 * transparency map sums |∂loss/∂image| over the steps. The same seed ({@code context.seedFor("maco")})
 * gives the same image bit for bit on the same machine.
 */
public final class Maco {
    private static final String METHOD = "maco";

    private final DifferentiableBackbone backbone;
    private final Objective objective;
    private final MagnitudeSpectrum spectrum;
    private final MacoSettings settings;

    private Maco(Builder builder) {
        this.backbone = builder.backbone;
        this.objective = builder.objective;
        this.spectrum = builder.spectrum;
        this.settings = builder.settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Optimises an image for the objective; progress in steps, cancellation checked before each. */
    public FeatureVisualization run(RunContext context) {
        ObjectiveGradient gradients = new ObjectiveGradient(backbone, objective, settings.batchSize());
        InputSpec input = gradients.input();
        int height = settings.size() == 0 ? input.height() : settings.size();
        int width = settings.size() == 0 ? input.width() : settings.size();
        FourierImage fourier = new FourierImage(sized(input, height, width));
        int channels = input.channels();
        int cropSize = gradients.imageSize();
        int count = settings.crops();
        int steps = settings.steps();
        SplittableRandom random = new SplittableRandom(context.seedFor(METHOD));
        float[] phase = new float[fourier.phaseSize()];
        for (int i = 0; i < phase.length; i++) {
            phase[i] = (float) random.nextGaussian();
        }
        Optimizer optimizer = settings.optimizer().create(phase.length, settings.learningRate());
        float[] crops = new float[count * cropSize];
        float[] cropGradient = new float[count * cropSize];
        float[] imageGradient = new float[channels * height * width];
        Trace trace = new Trace("MACO", steps, channels, height, width);
        try (ProgressTask task = context.progress().start(METHOD, steps, "steps")) {
            for (int step = 0; step < steps; step++) {
                context.cancellation().throwIfCancelled("MACO");
                float[] image = fourier.render(phase);
                List<CropBox> boxes = RandomCrops.sample(random, count, meanCropSide(step, steps));
                for (int k = 0; k < count; k++) {
                    RandomCrops.crop(image, channels, height, width, boxes.get(k), input.height(), input.width(), crops,
                            k * cropSize);
                }
                addNoise(crops, random, settings.noise());
                ChannelOrders.swapIfBgr(input.order(), crops, count, input.height() * input.width());
                double[] scores = gradients.evaluate(crops, count, cropGradient);
                ChannelOrders.swapIfBgr(input.order(), cropGradient, count, input.height() * input.width());
                // loss = −mean objective over the crops
                for (int i = 0; i < cropGradient.length; i++) {
                    cropGradient[i] /= -count;
                }
                Arrays.fill(imageGradient, 0f);
                for (int k = 0; k < count; k++) {
                    RandomCrops.cropBackward(cropGradient, k * cropSize, channels, height, width, boxes.get(k),
                            input.height(), input.width(), imageGradient);
                }
                double objective = trace.record(step, scores, imageGradient);
                optimizer.step(phase, fourier.backward(phase, imageGradient));
                task.advance(1);
                task.status(String.format(Locale.ROOT, "objective=%.4g", objective));
            }
        }
        float[] image = fourier.render(phase);
        ChannelOrders.swapIfBgr(input.order(), image, 1, height * width);
        return trace.finish(image, gradients.score(image, height, width), input.order());
    }

    /** The spectrum at the visualization's size, checked against the model's channels. */
    private MagnitudeSpectrum sized(InputSpec input, int height, int width) {
        if (spectrum.channels() != input.channels()) {
            throw new ConfigException("MACO: the magnitude spectrum has " + spectrum.channels() + " channel(s) but model '"
                    + backbone.info().model() + "' takes " + input.channels());
        }
        return spectrum.height() == height && spectrum.width() == width ? spectrum : spectrum.resized(height, width);
    }

    /** The mean crop side b of step {@code step}: 0.5 at the first step, falling linearly to 0.05 at the last. */
    static double meanCropSide(int step, int steps) {
        return steps == 1 ? 0.5 : 0.5 + (0.05 - 0.5) * step / (steps - 1);
    }

    /** Adds N(0, σ) + U(−σ/2, σ/2) to every value. */
    private static void addNoise(float[] values, SplittableRandom random, double sigma) {
        if (sigma == 0) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] += (float) (sigma * random.nextGaussian() + sigma * (random.nextDouble() - 0.5));
        }
    }

    /** Builder of {@link Maco}: backbone, objective and spectrum are required. */
    public static final class Builder {
        private DifferentiableBackbone backbone;
        private Objective objective;
        private MagnitudeSpectrum spectrum;
        private MacoSettings settings = MacoSettings.defaults();

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

        /** The fixed magnitude spectrum (required), resized to the visualization's size when it differs. */
        public Builder setSpectrum(MagnitudeSpectrum spectrum) {
            this.spectrum = Objects.requireNonNull(spectrum, "spectrum");
            return this;
        }

        /** Steps, crops, optimiser and noise; {@link MacoSettings#defaults()} when not set. */
        public Builder optSettings(MacoSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Optimises as {@link Maco#run} does. */
        public FeatureVisualization run(RunContext context) {
            return build().run(context);
        }

        public Maco build() {
            if (backbone == null || objective == null || spectrum == null) {
                throw new ConfigException("Maco: missing required " + (backbone == null ? "backbone (call setBackbone)"
                        : objective == null ? "objective (call setObjective)" : "spectrum (call setSpectrum)"));
            }
            return new Maco(this);
        }
    }
}
