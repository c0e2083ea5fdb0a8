package dev.facet.dictionaries.factor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import dev.facet.dictionaries.linalg.Matrices;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dictionary held as heap matrices: atoms D (c × d) and an optional offset μ (d) with
 * {@code decode(z) = z·D + μ}. Subclasses say how rows are encoded (NNLS for NMF, projection for
 * PCA, nearest centroid for k-means, …) and which extra tensors they save. Saved as a dictionary
 * directory (docs/formats.md#dictionary-directory): tensors {@code atoms}, {@code offset} and the
 * subclass's, config keys {@code learner}, {@code concepts}, {@code input_dim}, {@code hyperparameters}
 * and the subclass's.
 */
public abstract class MatrixDictionary implements Dictionary {

    /** Saved name of D. */
    public static final String ATOMS = "atoms";
    /** Saved name of μ. */
    public static final String OFFSET = "offset";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String learner;
    private final FloatMatrix atoms;
    private final float[] offset;
    private final Map<String, Object> hyperparameters;
    private final Provenance provenance;

    /**
     * @param offset μ (length d), or {@code null} for none
     */
    protected MatrixDictionary(String learner, FloatMatrix atoms, float[] offset, Map<String, Object> hyperparameters,
                               Provenance provenance) {
        if (offset != null && offset.length != atoms.cols()) {
            throw new InvalidDataException("Offset of length " + offset.length + " for atoms of width " + atoms.cols());
        }
        this.learner = learner;
        this.atoms = atoms;
        this.offset = offset == null ? null : offset.clone();
        this.hyperparameters = Map.copyOf(hyperparameters);
        this.provenance = provenance;
    }

    /** Dense codes (n × c) of rows already checked for width and finiteness. */
    protected abstract FloatMatrix encodeDense(FloatMatrix x);

    /** Extra tensors to save beside {@code atoms} and {@code offset}; none by default. */
    protected Map<String, Tensor> extraTensors() {
        return Map.of();
    }

    /** Extra config entries to save; none by default. */
    protected void addConfig(ObjectNode config) {
    }

    @Override
    public DictionaryInfo info() {
        return new DictionaryInfo(learner, atoms.rows(), atoms.cols());
    }

    @Override
    public Codes encode(FloatMatrix x) {
        if (x.cols() != atoms.cols()) {
            throw new InvalidDataException("Cannot encode rows of width " + x.cols() + " with a " + learner
                    + " dictionary of input width " + atoms.cols());
        }
        x.requireFinite("input to " + learner + " encode");
        return Codes.fromDense(encodeDense(x));
    }

    /** Dense codes (n × c). */
    public FloatMatrix encodeToMatrix(FloatMatrix x) {
        if (x.cols() != atoms.cols()) {
            throw new InvalidDataException("Cannot encode rows of width " + x.cols() + " with a " + learner
                    + " dictionary of input width " + atoms.cols());
        }
        x.requireFinite("input to " + learner + " encode");
        return encodeDense(x);
    }

    @Override
    public FloatMatrix decode(Codes codes) {
        return decode(codes.toDense());
    }

    /** z·D + μ. */
    public FloatMatrix decode(FloatMatrix codes) {
        if (codes.cols() != atoms.rows()) {
            throw new InvalidDataException("Cannot decode codes over " + codes.cols() + " concepts with a dictionary of "
                    + atoms.rows());
        }
        FloatMatrix product = Matrices.multiply(codes, atoms);
        if (offset != null) {
            float[] data = product.data();
            int d = atoms.cols();
            for (int i = 0; i < codes.rows(); i++) {
                for (int j = 0; j < d; j++) {
                    data[i * d + j] += offset[j];
                }
            }
        }
        return product;
    }

    @Override
    public FloatMatrix atoms() {
        return atoms;
    }

    /** μ, or {@code null}. */
    public float[] offset() {
        return offset == null ? null : offset.clone();
    }

    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path directory) {
        ObjectNode config = JSON.createObjectNode();
        config.put("learner", learner);
        config.put("concepts", atoms.rows());
        config.put("input_dim", atoms.cols());
        config.set("hyperparameters", JSON.valueToTree(hyperparameters));
        addConfig(config);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(ATOMS, new Tensor(new long[] {atoms.rows(), atoms.cols()}, atoms.data()));
        if (offset != null) {
            tensors.put(OFFSET, new Tensor(new long[] {offset.length}, offset));
        }
        tensors.putAll(extraTensors());
        DictionaryFiles.write(directory, config, tensors, provenance);
    }

    /**
     * Reads what {@link #save} wrote, checking the learner id.
     *
     * @throws CorruptArtifactException when the directory belongs to another learner or lacks the atoms
     */
    public static SavedDictionary read(Path directory, String learner) {
        SavedDictionary saved = DictionaryFiles.read(directory);
        if (!learner.equals(saved.learner())) {
            throw new CorruptArtifactException(directory, "dictionary was made by learner '" + saved.learner()
                    + "', not '" + learner + "'");
        }
        saved.weights().matrix(ATOMS);
        return saved;
    }

    /** The saved offset, or {@code null}. */
    public static float[] savedOffset(SavedDictionary saved) {
        return saved.weights().contains(OFFSET) ? saved.weights().tensor(OFFSET).data() : null;
    }
}
