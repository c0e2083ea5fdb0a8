package dev.facet.pipeline.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.images.ImageItem;
import dev.facet.extractors.images.ImageSource;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImportanceScan} over labelled and unlabelled sources of {@link PlantedBackbone}. */
class ImportanceScanTest {
    private static final int PLANTED = 2;
    private static final int OTHER = 0;

    @TempDir
    Path dir;

    private final FloatMatrix atoms = FloatMatrix.of(new float[][] {
        {1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0}, {0, 0, 0, 0, 1, 0}});
    private final float[] bias = new float[6];
    private final PlantedBackbone backbone = new PlantedBackbone(bias, atoms.row(PLANTED), atoms.row(OTHER), false);
    private final ConceptImportance importance = ConceptImportance.of(backbone, PlantedBackbone.HOOK,
            new ReluDictionary(atoms, bias), ImportanceSettings.defaults());

    @Test
    void eachClassRanksTheConceptItReadsFirstOnItsLabelledImages() {
        ImportanceRequest request = request(Map.of("classes", List.of("all"), "class_names", List.of("left", "right"),
                "images_per_class", 3, "top_images", 2));
        ImportanceResult result = new ImportanceScan(importance, request).run(source(true, 20), backbone.info().input(),
                4, context());
        assertEquals(ImportanceResult.BY_LABEL, result.membership());
        assertEquals(2, result.classes().size());
        ClassResult left = result.classes().get(0);
        assertEquals("left", left.name());
        assertEquals(List.of("img-0", "img-2", "img-4"), left.ids());
        assertEquals(PLANTED, left.ranking(ImportanceScore.SOBOL).get(0));
        assertEquals(OTHER, result.classes().get(1).ranking(ImportanceScore.SOBOL).get(0));
        Map<String, Object> json = result.toMap();
        assertEquals("facet-importance", json.get("format"));
        assertEquals(List.of("sobol", "ablation"), json.get("scores"));
        assertTrue(((Map<?, ?>) json.get("omitted")).containsKey("gradient"));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) json.get("classes")).get(0)).get("concepts")).get(0);
        assertEquals(PLANTED, first.get("concept"));
        assertTrue((double) first.get("share") >= 0.9, "share " + first.get("share"));
        assertTrue(((List<?>) first.get("top_images")).size() <= 2);
    }

    @Test
    void withoutLabelsTheModelsPredictionDecides() {
        ImportanceResult result = new ImportanceScan(importance, request(Map.of("classes", "0", "images_per_class", 2)))
                .run(source(false, 12), backbone.info().input(), 5, context());
        assertEquals(ImportanceResult.BY_PREDICTION, result.membership());
        // class 0 reads 2s + s²/4 + the image mean, larger than class 1's s on these positive images
        assertEquals(0, result.classes().get(0).index());
        assertEquals(List.of("img-0", "img-1"), result.classes().get(0).ids());
    }

    @Test
    void anUnknownClassIsRefusedListingTheClasses() {
        ImportanceScan scan = new ImportanceScan(importance, request(Map.of("classes", List.of("middle"),
                "class_names", List.of("left", "right"))));
        ConfigException e = assertThrows(ConfigException.class,
                () -> scan.run(source(true, 4), backbone.info().input(), 4, context()));
        assertTrue(e.getMessage().contains("'middle'") && e.getMessage().contains("0 left, 1 right"), e.getMessage());
    }

    private static ImportanceRequest request(Map<String, Object> values) {
        return ImportanceRequest.of(ConfigValues.of("importance", values));
    }

    private RunContext context() {
        return RunContext.builder().setOutputDirectory(dir).build();
    }

    /** 8×8 gray images of seeded noise; item i has label i % 2 when {@code labelled}. */
    private static ImageSource source(boolean labelled, int size) {
        return new ImageSource() {
            @Override
            public String name() {
                return "noise";
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public ImageItem item(int index) {
                return new ImageItem() {
                    @Override
                    public String id() {
                        return "img-" + index;
                    }

                    @Override
                    public OptionalInt label() {
                        return labelled ? OptionalInt.of(index % 2) : OptionalInt.empty();
                    }

                    @Override
                    public BufferedImage load() {
                        Random random = new Random(index);
                        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
                        for (int y = 0; y < 8; y++) {
                            for (int x = 0; x < 8; x++) {
                                int v = random.nextInt(256);
                                image.getRaster().setSample(x, y, 0, v);
                            }
                        }
                        return image;
                    }
                };
            }

            @Override
            public boolean hasLabels() {
                return labelled;
            }
        };
    }
}
