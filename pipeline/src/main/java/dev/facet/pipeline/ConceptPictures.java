package dev.facet.pipeline;

import dev.facet.pipeline.scan.ConceptActivity;
import dev.facet.pipeline.scan.TopImages;
import dev.facet.extractors.images.ImageSource;
import dev.facet.report.atlas.AtlasConcept;
import dev.facet.report.chart.ActivationHistogramChart;
import dev.facet.report.picture.Colormap;
import dev.facet.report.picture.ImageGrid;
import dev.facet.report.picture.PictureFormat;
import dev.facet.report.picture.Pictures;
import dev.facet.report.picture.PlacedMap;
import dev.facet.report.picture.Png;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws one concept's pictures into {@code concepts/} of the atlas: the thumbnail, the grid of its
 * top images with heatmap overlays and a contour around the hottest tenth, the grid of evidence
 * views, the grid of zoom crops around each peak, and its activation histogram. Every map is drawn on
 * the original image by inverting the preprocessing (docs/algorithms.md#drawing-maps-on-the-image):
 * over the cropped window of a centre crop, without the cells wholly in padding of a padded image.
 * Safe to call from several threads for different concepts (the decoded images are shared through a
 * bounded cache).
 */
final class ConceptPictures {

    /** Picture paths of one concept, relative to the atlas; all null when nothing was drawn. */
    record Drawn(String thumbnail, String topGrid, String evidenceGrid, String zoomGrid, String histogram,
                 String attribution, List<AtlasConcept.Picture> extras) {
        static final Drawn NONE = new Drawn(null, null, null, null, null, null, List.of());
    }

    private static final int GRID_COLUMNS = 4;
    private static final int DISPLAY_CACHE = 256;
    private static final double ZOOM_FRACTION = 0.5;
    private static final double[] CONTOUR_PERCENTILES = {90};

    private final Path directory;
    private final ReportSettings settings;
    private final ImageSource images;
    private final int[] sourceIndex;
    private final InputSpec input;
    private final ConceptAttributions attributions;
    private final ConceptVisualizers visualizers;
    private final PictureFormat format;
    private final java.util.Set<Integer> written = new java.util.HashSet<>();
    private final Map<Integer, Display> displayCache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Display> eldest) {
            return size() > DISPLAY_CACHE;
        }
    };

    /**
     * An image as drawn, a copy large enough for zoom crops of the original's own detail, and where
     * the original lay in the model's input.
     */
    private record Display(BufferedImage image, BufferedImage zoomSource, InputGeometry geometry) {
    }

    /**
     * @param sourceIndex  the source index of each image the maps were computed on, in that order
     * @param input        the model's input, whose geometry places the maps on the original images
     * @param attributions the attribution drawn on each concept's first top images (the report's
     *                     {@code attribution.images}), or {@code null} for none
     * @param visualizers  plugin visualizers run on each drawn concept
     * @param format       the file format of the pictures of images
     */
    ConceptPictures(Path directory, ReportSettings settings, ImageSource images, int[] sourceIndex, InputSpec input,
                    ConceptAttributions attributions, ConceptVisualizers visualizers, PictureFormat format) {
        this.format = format;
        this.directory = directory;
        this.settings = settings;
        this.images = images;
        this.sourceIndex = sourceIndex;
        this.input = input;
        this.attributions = attributions;
        this.visualizers = visualizers;
    }

    /** The atlas entries of a concept's top images. */
    List<AtlasConcept.TopImage> topImages(List<TopImages.Entry> entries) {
        List<AtlasConcept.TopImage> list = new ArrayList<>(entries.size());
        for (TopImages.Entry entry : entries) {
            int index = sourceIndex[(int) entry.image()];
            list.add(new AtlasConcept.TopImage(index, images.item(index).id(), entry.score()));
        }
        return list;
    }

    Drawn draw(int concept, List<TopImages.Entry> entries, ConceptActivity.Histogram histogram) {
        if (entries.isEmpty()) {
            return Drawn.NONE;
        }
        Colormap colormap = "palette".equals(settings.colormap()) ? Colormap.palette(concept)
                : Colormap.parse(settings.colormap());
        double vmax = 0;
        for (TopImages.Entry entry : entries) {
            for (float v : entry.map().data()) {
                vmax = Math.max(vmax, v);
            }
        }
        List<BufferedImage> overlays = new ArrayList<>();
        List<BufferedImage> evidence = new ArrayList<>();
        List<BufferedImage> zooms = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (TopImages.Entry entry : entries) {
            int index = sourceIndex[(int) entry.image()];
            Display shown = display(index);
            BufferedImage image = shown.image();
            PlacedMap map = place(index, entry.map());
            BufferedImage overlay = Pictures.overlay(image, map, colormap, vmax);
            overlays.add(Pictures.contours(overlay, map, CONTOUR_PERCENTILES, colormap));
            evidence.add(Pictures.evidence(image, map));
            zooms.add(Pictures.zoom(image, map, ZOOM_FRACTION, settings.imageSize(), shown.zoomSource()));
            captions.add(shortName(images.item(index).id()) + String.format(Locale.ROOT, " · %.3g", entry.score()));
        }
        String prefix = String.format(Locale.ROOT, "concepts/c%05d-", concept);
        ImageGrid grid = ImageGrid.builder().setColumns(Math.min(GRID_COLUMNS, entries.size()))
                .optCellSize(settings.imageSize()).build();
        List<AtlasConcept.Picture> extras = List.of();
        if (!visualizers.isEmpty()) {
            List<Path> files = new ArrayList<>();
            for (TopImages.Entry entry : entries) {
                files.add(original(sourceIndex[(int) entry.image()]));
            }
            extras = visualizers.render(concept, files);
        }
        String picture = "." + format.extension();
        Drawn drawn = new Drawn(prefix + "thumb" + picture, prefix + "top" + picture, prefix + "evidence" + picture,
                prefix + "zoom" + picture, prefix + "histogram.png",
                attributions == null ? null : prefix + "attribution" + picture, extras);
        write(overlays.get(0), drawn.thumbnail());
        write(grid.render(overlays, captions), drawn.topGrid());
        write(grid.render(evidence, captions), drawn.evidenceGrid());
        write(grid.render(zooms, captions), drawn.zoomGrid());
        Png.write(ActivationHistogramChart.render(histogram.lo(), histogram.hi(), histogram.counts(), 480, 260,
                "concept " + concept + ": non-zero activations"), directory.resolve(drawn.histogram()));
        if (attributions != null) {
            List<BufferedImage> explained = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (TopImages.Entry entry : entries.subList(0, Math.min(settings.attributionImages(), entries.size()))) {
                int index = sourceIndex[(int) entry.image()];
                BufferedImage image = display(index).image();
                PlacedMap map = place(index, attributions.explain(concept, images.item(index).load()));
                explained.add(Pictures.overlay(image, map, colormap, 0));
                names.add(shortName(images.item(index).id()) + " · " + attributions.id());
            }
            ImageGrid row = ImageGrid.builder().setColumns(Math.min(GRID_COLUMNS, explained.size()))
                    .optCellSize(settings.imageSize()).build();
            write(row.render(explained, names), drawn.attribution());
        }
        return drawn;
    }

    /** Writes a picture of images in the atlas's picture format. */
    private void write(BufferedImage picture, String relativePath) {
        format.write(picture, directory.resolve(relativePath), settings.jpegQuality());
    }

    /**
     * {@code map} (on the model's grid, or at its input size) drawn on image {@code index} of the source as
     * the pictures show it: scaled so its longer side is the display size, the preprocessing inverted.
     */
    PlacedMap place(int index, FloatMatrix map) {
        Display shown = display(index);
        return settings.interpolation().place(map, shown.geometry(), shown.image().getWidth(),
                shown.image().getHeight());
    }

    /** A caption-sized image name: {@code #123} for an image inside a file, else the file name. */
    static String shortName(String id) {
        int hash = id.lastIndexOf('#');
        if (hash >= 0) {
            return id.substring(hash);
        }
        int slash = Math.max(id.lastIndexOf('/'), id.lastIndexOf('\\'));
        return id.substring(slash + 1);
    }

    /** The image at {@code index} as a PNG file of the atlas ({@code images/}), written once, for visualizers. */
    private Path original(int index) {
        Path file = directory.resolve(String.format(Locale.ROOT, "images/%06d.png", index));
        synchronized (written) {
            if (written.add(index)) {
                Png.write(images.item(index).load(), file);
            }
        }
        return file;
    }

    /**
     * The original scaled down only as far as a zoom crop (the zoom fraction of its shorter side) still
     * has the display size in pixels, or the display copy when the original is no larger.
     */
    private BufferedImage zoomSource(BufferedImage original, BufferedImage display) {
        if (original.getWidth() <= display.getWidth()) {
            return display;
        }
        int shorter = Math.min(original.getWidth(), original.getHeight());
        int needed = (int) Math.ceil(settings.imageSize() / ZOOM_FRACTION);
        if (shorter <= needed) {
            return original;
        }
        double scale = (double) needed / shorter;
        return Pictures.fit(original, (int) Math.ceil(original.getWidth() * scale), (int) Math.ceil(original.getHeight() * scale));
    }

    /** The image at {@code index}, scaled so its longer side is the display size. */
    private Display display(int index) {
        synchronized (displayCache) {
            Display cached = displayCache.get(index);
            if (cached != null) {
                return cached;
            }
        }
        BufferedImage original = images.item(index).load();
        BufferedImage drawn = Pictures.upscale(original, settings.imageSize());
        Display shown = new Display(drawn, zoomSource(original, drawn),
                InputGeometry.of(original.getWidth(), original.getHeight(), input));
        synchronized (displayCache) {
            displayCache.put(index, shown);
        }
        return shown;
    }
}
