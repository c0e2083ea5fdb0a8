package dev.facet.pipeline.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.images.FolderImageSource;
import dev.facet.extractors.images.ImageFiles;
import dev.facet.extractors.images.ImageItem;
import dev.facet.extractors.images.ImageLimits;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.ImageSources;
import dev.facet.report.atlas.AtlasWriter;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;

/** The images an explanation runs on: given paths, or the top images of an atlas's drawn concepts. */
public final class ExplainJobs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplainJobs() {
    }

    /**
     * One job per image of {@code paths}: an image file is one image; a folder (recursive), an IDX file or a
     * list file gives all of its images. Only the first {@code limit} are kept, 0 for all.
     *
     * @throws ConfigException for a path that does not exist or is no image source
     */
    public static List<Explainer.Job> of(List<Path> paths, ImageLimits limits, int limit, ResolvedTarget target) {
        List<Explainer.Job> jobs = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isRegularFile(path) && isImageFile(path)) {
                jobs.add(new Explainer.Job(path.getFileName().toString(), new FileItem(path, limits), target));
                continue;
            }
            ImageSource source = ImageSources.open(path, limits);
            for (int i = 0; i < source.size(); i++) {
                ImageItem item = source.item(i);
                jobs.add(new Explainer.Job(item.id(), item, target));
            }
        }
        if (jobs.isEmpty()) {
            throw new ConfigException("No images to explain in " + paths);
        }
        return limit > 0 && jobs.size() > limit ? List.copyOf(jobs.subList(0, limit)) : jobs;
    }

    /**
     * The top images of the first {@code concepts} drawn concepts of the atlas in {@code atlas}, each
     * explained for its own concept.
     *
     * @param images  the source the atlas ranked, whose indices its top images name
     * @param targets the target of a concept by index
     * @throws InvalidDataException when the atlas cannot be read or has no drawn concept
     */
    public static List<Explainer.Job> topImages(Path atlas, ImageSource images, int concepts, int topImages,
            IntFunction<ResolvedTarget> targets) {
        Path file = atlas.resolve(AtlasWriter.CONCEPTS_JSON);
        JsonNode document;
        try {
            document = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidDataException("Cannot read the atlas's " + file + " for the explain stage: " + e);
        }
        List<Explainer.Job> jobs = new ArrayList<>();
        int taken = 0;
        for (JsonNode concept : document.path("concepts")) {
            JsonNode top = concept.path("topImages");
            if (taken == concepts || concept.path("thumbnail").isNull() || top.isEmpty()) {
                continue;
            }
            taken++;
            int id = concept.path("id").asInt();
            ResolvedTarget target = targets.apply(id);
            for (int k = 0; k < Math.min(topImages, top.size()); k++) {
                long index = top.get(k).path("image").asLong();
                if (index < 0 || index >= images.size()) {
                    throw new InvalidDataException(file + ": concept " + id + " names image " + index + " but "
                            + images.name() + " holds " + images.size());
                }
                ImageItem item = images.item((int) index);
                jobs.add(new Explainer.Job(String.format(Locale.ROOT, "concept-%d/%s", id, item.id()), item,
                        target));
            }
        }
        if (jobs.isEmpty()) {
            throw new InvalidDataException(file + " has no drawn concept with top images to explain");
        }
        return jobs;
    }

    /** An image file given on its own. */
    private record FileItem(Path file, ImageLimits limits) implements ImageItem {
        @Override
        public String id() {
            return file.getFileName().toString();
        }

        @Override
        public BufferedImage load() {
            return ImageFiles.read(file, limits, Function.identity());
        }
    }

    private static boolean isImageFile(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && FolderImageSource.EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
