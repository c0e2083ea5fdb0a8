package dev.facet.report.atlas;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A deterministic synthetic atlas for tests: tiny real PNGs written with ImageIO, dead concepts,
 * concepts without pictures, plugin pictures and feature visualizations, one top-image name with
 * markup, one concept with the highest energy.
 */
final class SyntheticAtlas {

    /** Every this-many concepts (offset {@link #DEAD_OFFSET}) is dead. */
    static final int DEAD_EVERY = 50;
    static final int DEAD_OFFSET = 3;
    /** Every this-many concepts (offset {@link #NO_PICTURE_OFFSET}) has no pictures. */
    static final int NO_PICTURE_EVERY = 10;
    static final int NO_PICTURE_OFFSET = 7;
    /** The concept whose first top image has {@link #HOSTILE_NAME}. */
    static final int HOSTILE_CONCEPT = 5;
    static final String HOSTILE_NAME = "<script>window.__pwned = 1</script> & \"quoted\" 'x'.png";
    /** A top-image name found only in {@link #RARE_CONCEPT}. */
    static final String RARE_NAME = "zebra-crossing-unique.jpg";
    static final int RARE_CONCEPT = 777;
    /** Every this-many concepts (offset {@link #FEATURE_OFFSET}) with pictures has a feature visualization. */
    static final int FEATURE_EVERY = 5;
    static final int FEATURE_OFFSET = 1;
    /** The feature visualization's caption: the visualizer that made it. */
    static final String FEATURE_CAPTION = "maco";
    /** The overview's model string, with markup. */
    static final String MODEL = "tiny-vit <b>bold</b> & \"q\"";

    private SyntheticAtlas() {
    }

    /** Whether concept {@code id} is dead. */
    static boolean dead(int id) {
        return id % DEAD_EVERY == DEAD_OFFSET;
    }

    /** Whether concept {@code id} has no pictures. */
    static boolean withoutPictures(int id) {
        return dead(id) || id % NO_PICTURE_EVERY == NO_PICTURE_OFFSET;
    }

    /** Whether concept {@code id} has a feature visualization (beside any other plugin picture). */
    static boolean withFeatureVisualization(int id) {
        return !withoutPictures(id) && id % FEATURE_EVERY == FEATURE_OFFSET;
    }

    /** The concept with the largest energy. */
    static int strongest(int concepts) {
        return concepts / 2 + 1;
    }

    /** Writes the pictures into {@code dir} and returns an atlas of {@code n} concepts that uses them. */
    static Atlas create(Path dir, int n) {
        List<String> thumbs = List.of("thumbs/t 0.png", "thumbs/t1.png", "thumbs/t2.png", "thumbs/t3.png");
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE, Color.ORANGE};
        for (int i = 0; i < thumbs.size(); i++) {
            png(dir.resolve(thumbs.get(i)), 32, 32, colours[i]);
        }
        png(dir.resolve("grids/top.png"), 96, 64, Color.MAGENTA);
        png(dir.resolve("grids/evidence.png"), 96, 64, Color.CYAN);
        png(dir.resolve("grids/zoom.png"), 96, 64, Color.YELLOW);
        png(dir.resolve("grids/histogram.png"), 80, 60, Color.GRAY);
        png(dir.resolve("curves.png"), 120, 90, Color.PINK);
        png(dir.resolve("fv/image.png"), 28, 28, Color.GREEN);
        png(dir.resolve("fv/transparency.png"), 28, 28, Color.DARK_GRAY);
        png(dir.resolve("fv/product.png"), 28, 28, Color.BLACK);
        List<AtlasConcept.Picture> feature = List.of(
                new AtlasConcept.Picture(FEATURE_CAPTION, "fv/image.png", AtlasConcept.Picture.FEATURE_IMAGE),
                new AtlasConcept.Picture(FEATURE_CAPTION, "fv/transparency.png", AtlasConcept.Picture.FEATURE_TRANSPARENCY),
                new AtlasConcept.Picture(FEATURE_CAPTION, "fv/product.png", AtlasConcept.Picture.FEATURE_PRODUCT));

        Random random = new Random(42);
        List<AtlasConcept> concepts = new ArrayList<>(n);
        for (int id = 0; id < n; id++) {
            boolean dead = dead(id);
            boolean pictures = !withoutPictures(id);
            double energy = id == strongest(n) ? 1000 : random.nextDouble() * 100;
            double frequency = dead ? 0 : 1e-4 + random.nextDouble() * 0.2;
            Double stability = id % 3 == 0 ? null : random.nextDouble();
            List<AtlasConcept.TopImage> top = new ArrayList<>();
            if (!dead) {
                for (int k = 0; k < 3; k++) {
                    String name = id == HOSTILE_CONCEPT && k == 0 ? HOSTILE_NAME
                            : id == RARE_CONCEPT && k == 0 ? RARE_NAME : "img_" + ((id * 7 + k) % 5000) + ".jpg";
                    top.add(new AtlasConcept.TopImage((id * 7L + k) % 5000, name, 1.0 - k * 0.1));
                }
            }
            List<AtlasConcept.Neighbour> nearest = List.of(
                    new AtlasConcept.Neighbour((id + 1) % n, 0.9), new AtlasConcept.Neighbour((id + 2) % n, 0.8));
            List<AtlasConcept.Picture> extras = new ArrayList<>();
            if (pictures && id % 3 == 0) {
                extras.add(new AtlasConcept.Picture("mean of top images", "grids/zoom.png"));
            }
            if (withFeatureVisualization(id)) {
                extras.addAll(feature);
            }
            concepts.add(new AtlasConcept(id, energy, frequency, stability, dead ? 0 : 1 + random.nextDouble(),
                    top, nearest, pictures ? thumbs.get(id % thumbs.size()) : null,
                    pictures ? "grids/top.png" : null, pictures ? "grids/evidence.png" : null,
                    pictures ? "grids/zoom.png" : null, pictures ? "grids/histogram.png" : null, null, extras));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("seed", "7");
        details.put("note <i>", "a < b && c > d");
        long deadCount = concepts.stream().filter(c -> !c.alive()).count();
        AtlasOverview overview = new AtlasOverview("Atlas of <tiny> & co", MODEL, "blocks.3", "patch", "topk-sae",
                n, 192, 5000, 0.8731, 31.5, deadCount / (double) n, null, "curves.png", null, details);
        return new Atlas(overview, concepts);
    }

    /** Writes a solid {@code w×h} PNG with a diagonal line. */
    static void png(Path file, int w, int h, Color colour) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.drawLine(0, 0, w - 1, h - 1);
        g.dispose();
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
