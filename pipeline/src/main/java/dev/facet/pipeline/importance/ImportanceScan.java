package dev.facet.pipeline.importance;

import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Concept importance over an image source: the images of each chosen class, up to
 * {@link ImportanceRequest#imagesPerClass()} per class in source order, explained for their class.
 * An image belongs to the class of its label when the source has labels, otherwise to the class the
 * model predicts (the largest output). The scan stops once every chosen class has its images.
 */
public final class ImportanceScan {
    private final ConceptImportance importance;
    private final ImportanceRequest request;

    public ImportanceScan(ConceptImportance importance, ImportanceRequest request) {
        this.importance = importance;
        this.request = request;
    }

    /**
     * @param images    the images
     * @param input     the backbone's input, for preprocessing
     * @param batchSize images per forward pass
     * @throws InvalidDataException            when no image of a chosen class is found
     * @throws dev.facet.spi.ConfigException   for a class the model does not have (listing its classes)
     */
    public ImportanceResult run(ImageSource images, InputSpec input, int batchSize, RunContext context) {
        boolean labels = images.hasLabels();
        ClassSelection selection = null;
        Map<Integer, List<String>> ids = new LinkedHashMap<>();
        Map<Integer, List<ImageImportance>> scores = new LinkedHashMap<>();
        int limit = request.imagesPerClass() == 0 ? Integer.MAX_VALUE : request.imagesPerClass();
        try (ImageBatchLoader loader = ImageBatchLoader.open(images, new ImagePreprocessor(input),
                LoaderOptions.withBatchSize(batchSize).withThreads(1), context.cancellation());
             ProgressTask task = context.progress().start("concept importance", images.size(), "images")) {
            int position = 0;
            while (loader.hasNext() && (selection == null || !full(selection, ids, limit))) {
                ImageBatch batch = loader.next();
                Tensor activations = importance.activations(batch.pixels());
                Tensor outputs = labels && selection != null ? null : importance.outputs(activations);
                if (selection == null) {
                    selection = ClassSelection.resolve(request.classes(), request.classNames(), (int) outputs.dim(1),
                            "importance classes");
                    for (int index : selection.indices()) {
                        ids.put(index, new ArrayList<>());
                        scores.put(index, new ArrayList<>());
                    }
                }
                int[] classes = labels ? batch.labels() : argmax(outputs);
                List<Integer> chosen = new ArrayList<>();
                for (int n = 0; n < batch.size(); n++) {
                    List<String> members = ids.get(classes[n]);
                    if (members != null && members.size() < limit) {
                        members.add(batch.ids().get(n));
                        chosen.add(n);
                    }
                }
                if (!chosen.isEmpty()) {
                    int[] picked = chosen.stream().mapToInt(Integer::intValue).toArray();
                    int[] pickedClasses = Arrays.stream(picked).map(n -> classes[n]).toArray();
                    for (ImageImportance result : importance.explain(subset(activations, picked), pickedClasses)) {
                        scores.get(result.classIndex()).add(result);
                    }
                }
                task.advance(batch.nextStartIndex() - position);
                position = batch.nextStartIndex();
            }
        }
        if (selection == null) {
            throw new InvalidDataException("No readable image in " + images.name() + " for concept importance");
        }
        List<ClassResult> classes = new ArrayList<>();
        for (int index : selection.indices()) {
            if (ids.get(index).isEmpty()) {
                throw new InvalidDataException("No image of class " + index + " (" + selection.names().get(index) + ") in "
                        + images.name() + (labels ? " by label" : " by prediction") + " for concept importance");
            }
            classes.add(new ClassResult(index, selection.names().get(index), ids.get(index), scores.get(index)));
        }
        return new ImportanceResult(importance.hookPoint().name(), labels ? ImportanceResult.BY_LABEL
                : ImportanceResult.BY_PREDICTION, importance.computed(), request, classes);
    }

    private static boolean full(ClassSelection selection, Map<Integer, List<String>> ids, int limit) {
        return selection.indices().stream().allMatch(index -> ids.get(index).size() >= limit);
    }

    private static int[] argmax(Tensor outputs) {
        int n = (int) outputs.dim(0);
        int width = (int) outputs.dim(1);
        int[] best = new int[n];
        for (int row = 0; row < n; row++) {
            for (int j = 1; j < width; j++) {
                if (outputs.data()[row * width + j] > outputs.data()[row * width + best[row]]) {
                    best[row] = j;
                }
            }
        }
        return best;
    }

    private static Tensor subset(Tensor activations, int[] picked) {
        int perImage = activations.size() / (int) activations.dim(0);
        float[] data = new float[picked.length * perImage];
        for (int k = 0; k < picked.length; k++) {
            System.arraycopy(activations.data(), picked[k] * perImage, data, k * perImage, perImage);
        }
        long[] shape = activations.shape().clone();
        shape[0] = picked.length;
        return new Tensor(shape, data);
    }
}
