package dev.facet.dictionaries.sae.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.dictionaries.io.Safetensors;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.io.DirectoryTrees;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training checkpoints in {@code <run>/checkpoint/}: {@code state.safetensors} (parameters, buffers
 * and Adam moments) and {@code checkpoint.json} (position in the data, Adam step count, dead-latent
 * state, the running epoch totals and the log history). A checkpoint is written to a temporary
 * directory and swapped in by renames, so a run killed at any moment leaves either the previous
 * checkpoint or the new one, never a mix. Resuming refuses a checkpoint made with another
 * configuration or other data.
 */
public final class Checkpoints {

    static final int VERSION = 1;
    private static final String STATE = "state.safetensors";
    private static final String META = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Path staging;
    private final Path previous;
    private final ObjectNode fingerprint;
    private EpochAccumulator restoredTotals;

    /**
     * @param runDirectory the run's output directory
     * @param fingerprint  what must match for a checkpoint to be resumed (configs, data shape)
     */
    public Checkpoints(Path runDirectory, Map<String, Object> fingerprint) {
        this.directory = runDirectory.resolve("checkpoint");
        this.staging = runDirectory.resolve("checkpoint.tmp");
        this.previous = runDirectory.resolve("checkpoint.old");
        try {
            // through text, so numbers compare equal to those read back from checkpoint.json
            this.fingerprint = (ObjectNode) JSON.readTree(JSON.writeValueAsString(fingerprint));
        } catch (IOException e) {
            throw new FacetException("Checkpoint fingerprint is not JSON: " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** Saves the complete training state at {@code position}. */
    public void save(SparseAutoencoder model, AdamState adam, DeadLatentTracker tracker, TrainingHistory history,
                     TrainingPosition position, EpochAccumulator totals) {
        try {
            DirectoryTrees.delete(staging);
            Files.createDirectories(staging);
            Map<String, Tensor> tensors = new LinkedHashMap<>(model.parameters().toTensors());
            tensors.putAll(adam.toTensors());
            Safetensors.write(staging.resolve(STATE), tensors, Map.of("format", "facet-checkpoint"));
            ObjectNode meta = JSON.createObjectNode();
            meta.put("format_version", VERSION);
            meta.set("fingerprint", fingerprint);
            meta.put("step", position.step());
            meta.put("epoch", position.epoch());
            meta.put("batch_in_epoch", position.batchInEpoch());
            meta.put("adam_steps", adam.steps());
            ArrayNode dead = meta.putArray("dead_latents");
            for (long value : tracker.state()) {
                dead.add(value);
            }
            ObjectNode epoch = meta.putObject("epoch_totals");
            epoch.put("loss_sum", totals.lossSum());
            epoch.put("steps", totals.steps());
            epoch.put("active_codes", totals.activeCodes());
            epoch.put("samples", totals.samples());
            ReconstructionStats stats = totals.stats();
            epoch.set("sum", JSON.valueToTree(stats.sum()));
            epoch.set("sum_squares", JSON.valueToTree(stats.sumSquares()));
            epoch.put("rows", stats.rows());
            epoch.put("squared_error", stats.squaredError());
            meta.set("step_logs", JSON.valueToTree(history.steps()));
            meta.set("epoch_logs", JSON.valueToTree(history.epochs()));
            Path metaFile = staging.resolve(META);
            JSON.writerWithDefaultPrettyPrinter().writeValue(metaFile.toFile(), meta);
            swapIn();
        } catch (IOException e) {
            throw new FacetException("Cannot write checkpoint in " + directory + ": " + e.getMessage(), e);
        }
    }

    private void swapIn() throws IOException {
        DirectoryTrees.delete(previous);
        if (Files.exists(directory)) {
            DirectoryTrees.rename(directory, previous);
        }
        DirectoryTrees.rename(staging, directory);
        DirectoryTrees.delete(previous);
    }

    /**
     * Restores the newest complete checkpoint into the given objects.
     *
     * @return the position to continue from, or {@code null} when there is no checkpoint
     * @throws CorruptArtifactException when the checkpoint is damaged or belongs to another configuration
     */
    public TrainingPosition restore(SparseAutoencoder model, AdamState adam, DeadLatentTracker tracker,
                                    TrainingHistory history) {
        Path source = Files.isDirectory(directory) ? directory : Files.isDirectory(previous) ? previous : null;
        if (source == null) {
            return null;
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(source.resolve(META).toFile());
        } catch (IOException e) {
            throw new CorruptArtifactException(source.resolve(META), "unreadable checkpoint: " + e.getMessage(), e);
        }
        Path metaFile = source.resolve(META);
        if (meta == null || meta.path("format_version").asInt(-1) != VERSION) {
            throw new CorruptArtifactException(metaFile, "expected checkpoint format_version " + VERSION + ", found "
                    + (meta == null ? "nothing" : meta.path("format_version")));
        }
        if (!fingerprint.equals(meta.get("fingerprint"))) {
            throw new CorruptArtifactException(metaFile, "checkpoint was made with another configuration or data: "
                    + meta.get("fingerprint") + "; this run: " + fingerprint
                    + ". Use another output directory or delete " + source);
        }
        Map<String, Tensor> tensors = Safetensors.read(source.resolve(STATE)).tensors();
        model.parameters().load(tensors, source.resolve(STATE));
        adam.load(tensors, meta.path("adam_steps").asLong(), source.resolve(STATE));
        long[] dead = new long[meta.path("dead_latents").size()];
        for (int i = 0; i < dead.length; i++) {
            dead[i] = meta.path("dead_latents").get(i).asLong();
        }
        tracker.restore(dead, metaFile);
        JsonNode epoch = meta.path("epoch_totals");
        restoredTotals = new EpochAccumulator(epoch.path("loss_sum").asDouble(), epoch.path("steps").asLong(),
                epoch.path("active_codes").asLong(), epoch.path("samples").asLong(),
                new ReconstructionStats(doubles(epoch.path("sum")), doubles(epoch.path("sum_squares")),
                        epoch.path("rows").asLong(), epoch.path("squared_error").asDouble()));
        try {
            List<StepLog> steps = new ArrayList<>();
            for (JsonNode node : meta.path("step_logs")) {
                steps.add(JSON.treeToValue(node, StepLog.class));
            }
            List<EpochLog> epochs = new ArrayList<>();
            for (JsonNode node : meta.path("epoch_logs")) {
                epochs.add(JSON.treeToValue(node, EpochLog.class));
            }
            history.restore(steps, epochs);
        } catch (IOException e) {
            throw new CorruptArtifactException(metaFile, "unreadable training logs: " + e.getMessage(), e);
        }
        return new TrainingPosition(meta.path("step").asLong(), meta.path("epoch").asInt(),
                meta.path("batch_in_epoch").asLong());
    }

    /** The epoch totals of the restored checkpoint, for an epoch resumed in its middle. */
    EpochAccumulator restoredEpochTotals(int dim) {
        return restoredTotals != null ? restoredTotals : new EpochAccumulator(dim);
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
