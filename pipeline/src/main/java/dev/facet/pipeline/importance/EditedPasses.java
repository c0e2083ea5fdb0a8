package dev.facet.pipeline.importance;

import dev.facet.pipeline.scan.TokenGrid;
import dev.facet.spi.BackboneException;
import dev.facet.spi.attribution.ClassObjective;
import dev.facet.spi.backbone.ResumableBackbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the rows of every {@link EditPlan} through the resumed backbone in full batches: each copy's
 * grid tokens are decode(u ⊙ m) + ε, its other tokens the image's own, and its class score goes back
 * to its plan.
 */
final class EditedPasses {
    private final ResumableBackbone backbone;
    private final TokenGrid grid;
    private final Dictionary dictionary;
    private final ImportanceSettings settings;
    private final int concepts;
    private final int channels;

    EditedPasses(ResumableBackbone backbone, TokenGrid grid, Dictionary dictionary, ImportanceSettings settings) {
        this.backbone = backbone;
        this.grid = grid;
        this.dictionary = dictionary;
        this.settings = settings;
        this.concepts = dictionary.info().concepts();
        this.channels = grid.hook().layout().channels();
    }

    /**
     * @param codes the codes of every grid token of the batch
     * @param error the reconstruction error ε of every grid token, (images·cells) × channels
     */
    void run(Tensor activations, Codes codes, float[] error, List<EditPlan> plans) {
        int batch = settings.batchSize();
        int cells = grid.cells();
        float[] edited = new float[batch * cells * concepts];
        EditPlan[] planOf = new EditPlan[batch];
        int[] rowOf = new int[batch];
        int filled = 0;
        for (EditPlan plan : plans) {
            for (int row = 0; row < plan.rows(); row++) {
                writeCodes(codes, plan.image(), plan.mask(row, concepts), edited, filled);
                planOf[filled] = plan;
                rowOf[filled] = row;
                if (++filled == batch) {
                    flush(activations, error, edited, planOf, rowOf, filled);
                    filled = 0;
                }
            }
        }
        if (filled > 0) {
            flush(activations, error, edited, planOf, rowOf, filled);
        }
    }

    private void writeCodes(Codes codes, int image, double[] mask, float[] edited, int slot) {
        int cells = grid.cells();
        Arrays.fill(edited, slot * cells * concepts, (slot + 1) * cells * concepts, 0f);
        for (int cell = 0; cell < cells; cell++) {
            int row = image * cells + cell;
            int[] indices = codes.indices(row);
            float[] values = codes.values(row);
            int to = (slot * cells + cell) * concepts;
            for (int k = 0; k < indices.length; k++) {
                edited[to + indices[k]] = (float) (values[k] * mask[indices[k]]);
            }
        }
    }

    private void flush(Tensor activations, float[] error, float[] edited, EditPlan[] planOf, int[] rowOf, int count) {
        int cells = grid.cells();
        int images = (int) activations.dim(0);
        int perImage = activations.size() / images;
        FloatMatrix decoded = dictionary.decode(Codes.fromDense(new FloatMatrix(count * cells, concepts,
                Arrays.copyOf(edited, count * cells * concepts))));
        float[] tokens = decoded.data();
        float[] inputs = new float[count * perImage];
        for (int slot = 0; slot < count; slot++) {
            int image = planOf[slot].image();
            System.arraycopy(activations.data(), image * perImage, inputs, slot * perImage, perImage);
            int from = image * cells * channels;
            int to = slot * cells * channels;
            for (int i = 0; i < cells * channels; i++) {
                tokens[to + i] += error[from + i];
            }
            grid.writeTokens(decoded, slot, inputs, slot);
        }
        long[] shape = activations.shape().clone();
        shape[0] = count;
        Tensor out = backbone.resume(grid.hook().name(), new Tensor(shape, inputs), settings.output());
        if (out.rank() != 2 || out.dim(0) != count) {
            throw new BackboneException("Backbone '" + backbone.info().model() + "' resumed " + count + " copies to '"
                    + settings.output() + "' of shape " + Arrays.toString(out.shape()) + "; expected (" + count
                    + ", classes)");
        }
        int width = (int) out.dim(1);
        for (int slot = 0; slot < count; slot++) {
            Tensor row = new Tensor(new long[] {1, width}, Arrays.copyOfRange(out.data(), slot * width, (slot + 1) * width));
            ClassObjective objective = new ClassObjective(settings.output(), planOf[slot].classIndex(), settings.probability());
            planOf[slot].record(rowOf[slot], objective.scores(row)[0]);
        }
    }
}
