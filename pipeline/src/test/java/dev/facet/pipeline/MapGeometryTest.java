package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.attribution.OcclusionFactory;
import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.pipeline.Extraction;
import dev.facet.extractors.pipeline.ExtractionRequest;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.pipeline.scan.ConceptMapBatch;
import dev.facet.pipeline.scan.ConceptMaps;
import dev.facet.pipeline.scan.TopImages;
import dev.facet.report.picture.PictureFormat;
import dev.facet.report.picture.Pictures;
import dev.facet.report.picture.PlacedMap;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The geometry acceptance test (docs/algorithms.md#drawing-maps-on-the-image): non-square images with a
 * bright square at a known place go through every resize mode of a backbone whose tokens are their
 * patches' brightness; the map the report draws must peak on the square, in the original image's
 * coordinates, within one grid cell, cover only the part of the image the model saw, and never paint
 * a cell wholly in padding; the activation store leaves those cells out unless told to keep them.
 */
class MapGeometryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DISPLAY = 300;
    private static final int DARK = 0x333333;

    /** An image of {@code width × height} pixels with a white square over {@code [x0, x1) × [y0, y1)}. */
    record Photo(String file, int width, int height, int x0, int y0, int x1, int y1) {
        BufferedImage draw() {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(DARK));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.WHITE);
            g.fillRect(x0, y0, x1 - x0, y1 - y0);
            g.dispose();
            return image;
        }
    }

    private static final List<Photo> PHOTOS = List.of(
            new Photo("a-landscape.png", 451, 300, 290, 10, 340, 50),
            new Photo("b-portrait.png", 300, 451, 10, 290, 50, 340),
            new Photo("c-text-line.png", 600, 200, 340, 60, 390, 110));
    /** Input sizes (height, width): a square model and a text-line model. */
    private static final int[][] INPUTS = {{64, 64}, {32, 128}};

    @TempDir
    Path dir;

    @Test
    void everyResizeModeDrawsTheMapOverTheSquareInTheOriginalImage() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (Photo photo : PHOTOS) {
            ImageIO.write(photo.draw(), "png", images.resolve(photo.file()).toFile());
        }
        for (ResizeMode mode : ResizeMode.values()) {
            for (int[] input : INPUTS) {
                check(new PatchBrightnessBackbone(input[0], input[1], mode), images);
            }
        }
    }

    private void check(PatchBrightnessBackbone backbone, Path images) throws IOException {
        String what = backbone.info().input().resize() + " into " + backbone.info().input().width() + "x"
                + backbone.info().input().height();
        ImageSource source = ImageSources.open(images);
        BrightnessDictionary dictionary = new BrightnessDictionary();
        ReportSettings settings = ReportSettings.of(ConfigValues.of("test", Map.of("image_size", DISPLAY, "nearest", 0)));
        Path atlas = dir.resolve("atlas-" + what.replace(' ', '-'));
        ConceptReport.builder().setBackbone(backbone).setHookPoint(PatchBrightnessBackbone.HOOK).setImages(source)
                .setDictionary(dictionary, "brightness").setSettings(settings).optThreads(1)
                .optAttribution("occlusion", new OcclusionFactory().create(ConfigValues.of("test", Map.of("window", 8))))
                .build().write(atlas, RunContext.builder().setOutputDirectory(atlas).build());
        JsonNode concepts = JSON.readTree(atlas.resolve("concepts.json").toFile()).get("concepts");
        assertEquals(0.0, concepts.get(1).get("frequency").asDouble(), what + ": the padding concept is left out");
        assertTrue(concepts.get(1).get("thumbnail").isNull(), what + ": the padding concept is not drawn");

        ScannedMaps scanned = scan(backbone, dictionary, source);
        ConceptPictures pictures = new ConceptPictures(atlas, settings, source, new int[] {0, 1, 2},
                backbone.info().input(), null, new ConceptVisualizers(List.of(), backbone, PatchBrightnessBackbone.HOOK,
                dictionary, null, atlas, RunContext.builder().setOutputDirectory(atlas).build()), PictureFormat.PNG);
        boolean padded = scanned.paddingMaps().stream().anyMatch(MapGeometryTest::anyPositive);
        assertEquals(backbone.info().input().resize().pads(), padded, what + ": padding tokens in the input");
        List<Long> drawn = new ArrayList<>();
        for (TopImages.Entry entry : scanned.top().top(0)) {
            int index = (int) entry.image();
            drawn.add(entry.image());
            checkPlacement(what, PHOTOS.get(index), scanned.geometries().get(index), pictures.place(index, entry.map()));
        }
        for (int index = 0; index < PHOTOS.size(); index++) {
            Photo photo = PHOTOS.get(index);
            InputGeometry geometry = scanned.geometries().get(index);
            assertEquals(shows(geometry, photo), drawn.contains((long) index),
                    what + ", " + photo.file() + ": a top image exactly when the input shows the square");
            PlacedMap padding = pictures.place(index, scanned.paddingMaps().get(index));
            for (float value : padding.values().data()) {
                assertEquals(0f, value, what + ", " + photo.file() + ": a cell wholly in padding is painted");
            }
        }
        int best = concepts.get(0).get("topImages").get(0).get("image").asInt();
        checkThumbnail(what, atlas, PHOTOS.get(best), pictures.place(best, scanned.top().top(0).get(0).map()));
        checkStore(what, backbone, source, scanned.geometries());
    }

    /** The store holds exactly the content positions by default, and every position with keep_padding. */
    private void checkStore(String what, PatchBrightnessBackbone backbone, ImageSource source,
            List<InputGeometry> geometries) {
        int rows = backbone.info().input().height() / PatchBrightnessBackbone.PATCH;
        int cols = backbone.info().input().width() / PatchBrightnessBackbone.PATCH;
        for (boolean keep : new boolean[] {false, true}) {
            Path out = dir.resolve("store-" + keep + "-" + what.replace(' ', '-'));
            Extraction.run(backbone, source, new ExtractionRequest(PatchBrightnessBackbone.HOOK, TokenSelection.PATCH, out,
                    StoreDtype.FLOAT32, 2, 1000, 1, 0, keep), RunContext.builder().setOutputDirectory(out).build());
            ActivationStore store = ActivationStore.open(out);
            store.verify();
            int[] imageRows = store.images(0).rows();
            int paddingRows = 0;
            FloatMatrix stored = store.readShard(0);
            for (int r = 0; r < stored.rows(); r++) {
                paddingRows += stored.get(r, 1) == 1 ? 1 : 0;
            }
            for (int image = 0; image < PHOTOS.size(); image++) {
                int expected = keep ? rows * cols : geometries.get(image).contentCells(rows, cols).cells();
                assertEquals(expected, imageRows[image], what + ", keep " + keep + ", rows of image " + image);
            }
            boolean pads = backbone.info().input().resize().pads();
            assertEquals(keep && pads, paddingRows > 0, what + ", keep " + keep + ": rows wholly in padding stored");
        }
    }

    /** The peak lies on the square within one grid cell; the map covers exactly the pixels the input shows. */
    private static void checkPlacement(String what, Photo photo, InputGeometry geometry, PlacedMap placed) {
        String where = what + ", " + photo.file();
        double toSourceX = (double) photo.width() / placed.imageWidth();
        double toSourceY = (double) photo.height() / placed.imageHeight();
        for (int x = 0; x < placed.imageWidth(); x++) {
            boolean shown = geometry.horizontal().inContent(geometry.horizontal().toInput((x + 0.5) * toSourceX));
            assertEquals(shown, x >= placed.left() && x < placed.left() + placed.values().cols(), where + ", column " + x);
        }
        for (int y = 0; y < placed.imageHeight(); y++) {
            boolean shown = geometry.vertical().inContent(geometry.vertical().toInput((y + 0.5) * toSourceY));
            assertEquals(shown, y >= placed.top() && y < placed.top() + placed.values().rows(), where + ", row " + y);
        }
        float[] values = placed.values().data();
        int peak = 0;
        for (int i = 1; i < values.length; i++) {
            peak = values[i] > values[peak] ? i : peak;
        }
        double x = (placed.left() + peak % placed.values().cols() + 0.5) * toSourceX;
        double y = (placed.top() + peak / placed.values().cols() + 0.5) * toSourceY;
        double cellX = PatchBrightnessBackbone.PATCH * geometry.horizontal().sourcePerInputPixel();
        double cellY = PatchBrightnessBackbone.PATCH * geometry.vertical().sourcePerInputPixel();
        assertTrue(x >= photo.x0() - cellX && x <= photo.x1() + cellX && y >= photo.y0() - cellY
                && y <= photo.y1() + cellY, where + ": peak at (" + x + ", " + y + "), square [" + photo.x0() + ", "
                + photo.x1() + ") x [" + photo.y0() + ", " + photo.y1() + "), cell " + cellX + " x " + cellY);
    }

    /** The report's own thumbnail paints only the pixels its map covers, and paints some of them. */
    private static void checkThumbnail(String what, Path atlas, Photo photo, PlacedMap placed) throws IOException {
        BufferedImage thumbnail = ImageIO.read(atlas.resolve("concepts/c00000-thumb.png").toFile());
        BufferedImage display = Pictures.upscale(photo.draw(), DISPLAY);
        int painted = 0;
        for (int y = 0; y < display.getHeight(); y++) {
            for (int x = 0; x < display.getWidth(); x++) {
                boolean covered = x >= placed.left() && x < placed.left() + placed.values().cols() && y >= placed.top()
                        && y < placed.top() + placed.values().rows();
                boolean changed = thumbnail.getRGB(x, y) != display.getRGB(x, y);
                assertFalse(changed && !covered, what + ", " + photo.file() + ": painted outside the map at " + x + "," + y);
                painted += changed ? 1 : 0;
            }
        }
        assertTrue(painted > 0, what + ": the thumbnail shows the map");
    }

    private static boolean anyPositive(FloatMatrix map) {
        for (float value : map.data()) {
            if (value > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the part of the source the input shows holds the whole square. */
    private static boolean shows(InputGeometry geometry, Photo photo) {
        return within(geometry.horizontal(), photo.x0(), photo.x1()) && within(geometry.vertical(), photo.y0(), photo.y1());
    }

    private static boolean within(InputGeometry.Axis axis, int start, int end) {
        return axis.toSource(axis.padOffset()) <= start && end <= axis.toSource(axis.contentEnd());
    }

    /** Concept 0's top images as the report keeps them, each image's geometry and its raw padding map. */
    private record ScannedMaps(TopImages top, List<InputGeometry> geometries, List<FloatMatrix> paddingMaps) {
    }

    private static ScannedMaps scan(PatchBrightnessBackbone backbone, BrightnessDictionary dictionary, ImageSource source) {
        ConceptMaps maps = ConceptMaps.builder().setBackbone(backbone).setHookPoint(PatchBrightnessBackbone.HOOK)
                .setDictionary(dictionary).build();
        TopImages top = TopImages.builder().setConcepts(2).setK(PHOTOS.size()).build();
        List<InputGeometry> geometries = new ArrayList<>();
        List<FloatMatrix> padding = new ArrayList<>();
        try (ImageBatchLoader loader = ImageBatchLoader.open(source, new ImagePreprocessor(backbone.info().input()),
                LoaderOptions.withBatchSize(PHOTOS.size()).withThreads(1))) {
            ImageBatch batch = loader.next();
            ConceptMapBatch mapBatch = maps.compute(batch.pixels(), batch.geometries());
            top.accept(mapBatch, 0);
            geometries.addAll(batch.geometries());
            for (int image = 0; image < batch.size(); image++) {
                padding.add(mapBatch.map(image, 1));
            }
        }
        return new ScannedMaps(top, geometries, padding);
    }
}
