package dev.facet.pipeline.importance;

import dev.facet.attribution.SobolDesigns;
import dev.facet.pipeline.scan.TokenGrid;
import dev.facet.spi.BackboneException;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.attribution.ClassObjective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.ResumableBackbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Concept importance for a class (Fel, Picard, Béthune, Boissin, Vigouroux, Colin, Cadène and Serre,
 * "CRAFT: Concept Recursive Activation FacTorization for Explainability", CVPR 2023;
 * docs/algorithms.md#concept-importance). The grid tokens a of an image at a hook point are encoded into
 * codes u; an edited copy ũ is decoded, the reconstruction error ε = a − decode(u) is added back and the
 * backbone resumes from the hook to the class score y = g(decode(ũ) + ε), so that editing nothing gives
 * the model's own score. Tokens off the grid (CLS, registers) keep their activations. Per image and
 * concept i: the Sobol total-order index over masks ũ = u ⊙ m ({@link SobolDesigns}, Jansen), the
 * ablation drop y(u) − y(u with uᵢ = 0) and, where the backbone differentiates a resumed pass,
 * gradient × concept Σₜ uₜᵢ·∂y/∂uₜᵢ with ∂y/∂uₜ = D·∂y/∂aₜ (D the atoms; the decoder is linear).
 *
 * <p>A concept that is 0 at every position of an image leaves every edited copy unchanged, so its
 * Cᵢ designs equal the A designs and its ablation changes nothing: those passes are not run and the
 * concept scores exactly 0. The edited copies of all images are run in full batches of
 * {@link ImportanceSettings#batchSize()}.
 *
 * <p>The caller owns the backbone and the dictionary: this class never closes them.
 */
public final class ConceptImportance {
    private final ResumableBackbone backbone;
    private final TokenGrid grid;
    private final Dictionary dictionary;
    private final ImportanceSettings settings;
    private final int concepts;
    private final Set<ImportanceScore> computed;
    private final SobolDesigns designs;

    private ConceptImportance(ResumableBackbone backbone, TokenGrid grid, Dictionary dictionary,
                              ImportanceSettings settings, Set<ImportanceScore> computed) {
        this.backbone = backbone;
        this.grid = grid;
        this.dictionary = dictionary;
        this.settings = settings;
        this.concepts = dictionary.info().concepts();
        this.computed = computed;
        this.designs = computed.contains(ImportanceScore.SOBOL) ? new SobolDesigns(concepts, settings.designs()) : null;
    }

    /**
     * The importance of {@code dictionary}'s concepts at {@code hookPoint} of {@code backbone}.
     * Gradient × concept is left out (see {@link #computed()}) when the backbone does not declare
     * {@link Capability#RESUME_GRADIENTS}.
     *
     * @throws MissingCapabilityException when the backbone cannot resume from a hook point
     * @throws ConfigException            when the backbone cannot resume from {@code hookPoint} or to the
     *                                    output, the widths differ, or Sobol is asked for more than
     *                                    {@value SobolDesigns#MAX_DIMENSIONS} concepts
     */
    public static ConceptImportance of(Backbone backbone, String hookPoint, Dictionary dictionary,
                                       ImportanceSettings settings) {
        Set<Capability> capabilities = backbone.info().capabilities();
        if (!(backbone instanceof ResumableBackbone resumable) || !capabilities.contains(Capability.RESUME_FROM_HOOK)) {
            throw new MissingCapabilityException("concept importance", EnumSet.of(Capability.RESUME_FROM_HOOK),
                    "backbone '" + backbone.info().model() + "'", capabilities);
        }
        HookPoint hook = backbone.info().hookPoint(hookPoint);
        if (!resumable.resumableHookPoints().contains(hook.name())) {
            throw new ConfigException("Backbone '" + backbone.info().model() + "' cannot resume from hook point '"
                    + hook.name() + "'; it resumes from " + resumable.resumableHookPoints());
        }
        if (!resumable.resumeOutputs().contains(settings.output())) {
            throw new ConfigException("importance output: backbone '" + backbone.info().model() + "' cannot resume to '"
                    + settings.output() + "'; its outputs are " + resumable.resumeOutputs());
        }
        if (dictionary.info().inputDim() != hook.layout().channels()) {
            throw new ConfigException("Dictionary '" + dictionary.info().learner() + "' encodes inputs of width "
                    + dictionary.info().inputDim() + ", but hook point '" + hook.name() + "' has "
                    + hook.layout().channels() + " channels");
        }
        if (settings.scores().contains(ImportanceScore.SOBOL) && dictionary.info().concepts() > SobolDesigns.MAX_DIMENSIONS) {
            throw ConfigException.outOfRange("importance scores: sobol over the dictionary's concepts",
                    dictionary.info().concepts(), "at most " + SobolDesigns.MAX_DIMENSIONS + " concepts; ask for "
                            + "scores ablation and gradient instead");
        }
        Set<ImportanceScore> computed = EnumSet.copyOf(settings.scores());
        if (!capabilities.contains(Capability.RESUME_GRADIENTS)) {
            computed.remove(ImportanceScore.GRADIENT);
        }
        if (computed.isEmpty()) {
            throw new MissingCapabilityException("concept importance score 'gradient'",
                    EnumSet.of(Capability.RESUME_GRADIENTS), "backbone '" + backbone.info().model() + "'", capabilities);
        }
        return new ConceptImportance(resumable, TokenGrid.of(hook), dictionary, settings, computed);
    }

    /** The scores computed: those asked for, less gradient × concept where the backbone has no resume gradients. */
    public Set<ImportanceScore> computed() {
        return computed;
    }

    /** The hook point edited. */
    public HookPoint hookPoint() {
        return grid.hook();
    }

    /** The activations at the hook point of a batch of preprocessed images: one forward pass. */
    public Tensor activations(Tensor pixels) {
        Tensor activations = backbone.forward(pixels, grid.hook().name());
        return activations;
    }

    /** The output (n, classes) the backbone resumes to from {@code activations}: the class with the largest logit is the prediction. */
    public Tensor outputs(Tensor activations) {
        Tensor out = backbone.resume(grid.hook().name(), activations, settings.output());
        long images = activations.dim(0);
        if (out.rank() != 2 || out.dim(0) != images) {
            throw new BackboneException("Backbone '" + backbone.info().model() + "' resumed " + images + " images to '"
                    + settings.output() + "' of shape " + Arrays.toString(out.shape()) + "; expected (" + images + ", classes)");
        }
        return out;
    }

    /**
     * The importance of every concept on each image for the image's class.
     *
     * @param activations the hook point's activations of a batch of images, laid out as its layout
     * @param classes     the class explained on each image
     * @throws InvalidDataException when the activations have the wrong shape or hold non-finite values,
     *                              or there is not one class per image
     */
    public List<ImageImportance> explain(Tensor activations, int[] classes) {
        int images = (int) activations.dim(0);
        if (classes.length != images) {
            throw new InvalidDataException("Concept importance of " + images + " images needs one class each, found "
                    + classes.length);
        }
        FloatMatrix tokens = grid.tokens(activations, images);
        Codes codes = dictionary.encode(tokens);
        if (codes.rows() != tokens.rows() || codes.concepts() != concepts) {
            throw new InvalidDataException("Dictionary '" + dictionary.info().learner() + "' encoded " + tokens.rows()
                    + " tokens into " + codes.rows() + "x" + codes.concepts() + " codes, expected " + tokens.rows() + "x"
                    + concepts);
        }
        float[] error = tokens.data().clone();
        float[] reconstruction = dictionary.decode(codes).data();
        for (int i = 0; i < error.length; i++) {
            error[i] -= reconstruction[i];
        }
        List<EditPlan> plans = new ArrayList<>();
        for (int image = 0; image < images; image++) {
            plans.add(new EditPlan(image, classes[image], activeConcepts(codes, image), computed, designs));
        }
        new EditedPasses(backbone, grid, dictionary, settings).run(activations, codes, error, plans);
        double[][] gradients = computed.contains(ImportanceScore.GRADIENT) ? gradients(activations, codes, classes) : null;
        List<ImageImportance> results = new ArrayList<>();
        for (EditPlan plan : plans) {
            Map<ImportanceScore, double[]> scores = new EnumMap<>(ImportanceScore.class);
            if (designs != null) {
                scores.put(ImportanceScore.SOBOL, plan.sobol(designs, concepts));
            }
            if (computed.contains(ImportanceScore.ABLATION)) {
                scores.put(ImportanceScore.ABLATION, plan.ablation(concepts));
            }
            if (gradients != null) {
                scores.put(ImportanceScore.GRADIENT, gradients[plan.image()]);
            }
            double[] weights = scores.get(ImageImportance.primary(computed));
            results.add(new ImageImportance(plan.image(), plan.classIndex(), plan.score(), scores,
                    map(codes, plan.image(), weights), grid.height(), grid.width()));
        }
        return results;
    }

    private int[] activeConcepts(Codes codes, int image) {
        boolean[] active = new boolean[concepts];
        for (int row = image * grid.cells(); row < (image + 1) * grid.cells(); row++) {
            int[] indices = codes.indices(row);
            float[] values = codes.values(row);
            for (int k = 0; k < indices.length; k++) {
                active[indices[k]] |= values[k] != 0;
            }
        }
        int[] list = new int[concepts];
        int count = 0;
        for (int i = 0; i < concepts; i++) {
            if (active[i]) {
                list[count++] = i;
            }
        }
        return Arrays.copyOf(list, count);
    }

    /** Σₜ uₜᵢ·(Dᵢ · ∂y/∂aₜ) per image and concept, in batches of images. */
    private double[][] gradients(Tensor activations, Codes codes, int[] classes) {
        int images = (int) activations.dim(0);
        int perImage = activations.size() / images;
        int channels = grid.hook().layout().channels();
        float[] atoms = dictionary.atoms().data();
        double[][] gradients = new double[images][concepts];
        for (int first = 0; first < images; first += settings.batchSize()) {
            int count = Math.min(settings.batchSize(), images - first);
            long[] shape = activations.shape().clone();
            shape[0] = count;
            Tensor batch = new Tensor(shape, Arrays.copyOfRange(activations.data(), first * perImage,
                    (first + count) * perImage));
            Tensor out = outputs(batch);
            int width = (int) out.dim(1);
            float[] upstream = new float[count * width];
            for (int n = 0; n < count; n++) {
                Tensor row = new Tensor(new long[] {1, width}, Arrays.copyOfRange(out.data(), n * width, (n + 1) * width));
                System.arraycopy(objective(classes[first + n]).gradient(row).data(), 0, upstream, n * width, width);
            }
            Tensor gradient = backbone.resumeGradient(grid.hook().name(), batch, settings.output(),
                    new Tensor(out.shape(), upstream));
            float[] g = grid.tokens(gradient, count).data();
            for (int n = 0; n < count; n++) {
                for (int cell = 0; cell < grid.cells(); cell++) {
                    int row = (first + n) * grid.cells() + cell;
                    int[] indices = codes.indices(row);
                    float[] values = codes.values(row);
                    int token = (n * grid.cells() + cell) * channels;
                    for (int k = 0; k < indices.length; k++) {
                        double dot = 0;
                        int atom = indices[k] * channels;
                        for (int d = 0; d < channels; d++) {
                            dot += atoms[atom + d] * g[token + d];
                        }
                        gradients[first + n][indices[k]] += values[k] * dot;
                    }
                }
            }
        }
        return gradients;
    }

    /** Σᵢ weightᵢ · (code of i at each grid position) of one image. */
    private float[] map(Codes codes, int image, double[] weights) {
        float[] map = new float[grid.cells()];
        for (int cell = 0; cell < grid.cells(); cell++) {
            int row = image * grid.cells() + cell;
            int[] indices = codes.indices(row);
            float[] values = codes.values(row);
            double sum = 0;
            for (int k = 0; k < indices.length; k++) {
                sum += weights[indices[k]] * values[k];
            }
            map[cell] = (float) sum;
        }
        return map;
    }

    ClassObjective objective(int classIndex) {
        return new ClassObjective(settings.output(), classIndex, settings.probability());
    }
}
