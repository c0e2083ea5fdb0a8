package dev.facet.pipeline.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.report.picture.MapInterpolation;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConceptMapsTest {
    static final int CHANNELS = 5;
    static final int CONCEPTS = 3;
    static final int GRID_H = 3;
    static final int GRID_W = 4;
    static final int REGISTERS = 2;
    static final int TOKENS = 1 + REGISTERS + GRID_H * GRID_W;

    /**
     * The activation of {@code image} at {@code position} (token index, spatial cell or 0 for a
     * vector) in {@code channel}: distinct per argument, negative for odd positions of channel 1 so
     * the ReLU dictionary leaves zeros.
     */
    static float activation(int image, int position, int channel) {
        float value = 100 * (image + 1) + 4 * position + channel;
        return channel == 1 && position % 2 == 1 ? -value : value;
    }

    /** Returns {@link #activation} laid out per hook: tokens, spatial (n, c, h, w) or vectors. */
    static final class FakeBackbone implements Backbone {
        int nanImage = -1;
        int closed;

        @Override
        public BackboneInfo info() {
            return new BackboneInfo("fake", new InputSpec(1, 6, 8, ChannelOrder.GRAY, ResizeMode.STRETCH,
                    new float[] {0}, new float[] {1}), List.of(
                    new HookPoint("tokens", new TokenLayout(CHANNELS, true, REGISTERS, GRID_H, GRID_W)),
                    new HookPoint("spatial", new SpatialLayout(CHANNELS, GRID_H, GRID_W)),
                    new HookPoint("pooled", new VectorLayout(CHANNELS)),
                    new HookPoint("cls-only", new TokenLayout(CHANNELS, true, 0, 0, 0))),
                    Set.of(Capability.FORWARD));
        }

        @Override
        public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
            assertEquals(1, hookPoints.size());
            String hook = hookPoints.get(0);
            int n = (int) pixels.dim(0);
            Tensor out = Tensor.zeros(info().hookPoint(hook).layout().shape(n));
            float[] data = out.data();
            for (int image = 0; image < n; image++) {
                for (int channel = 0; channel < CHANNELS; channel++) {
                    switch (hook) {
                        case "tokens" -> {
                            for (int token = 0; token < TOKENS; token++) {
                                data[(image * TOKENS + token) * CHANNELS + channel] = activation(image, token, channel);
                            }
                        }
                        case "spatial" -> {
                            for (int cell = 0; cell < GRID_H * GRID_W; cell++) {
                                data[((image * CHANNELS) + channel) * GRID_H * GRID_W + cell] =
                                        activation(image, cell, channel);
                            }
                        }
                        default -> data[image * CHANNELS + channel] = activation(image, 0, channel);
                    }
                }
            }
            if (nanImage >= 0) {
                data[nanImage * (data.length / n) + 3] = Float.NaN;
            }
            return Map.of(hook, out);
        }

        @Override
        public void close() {
            closed++;
        }
    }

    /** Codes are the ReLU of each token's first {@code concepts} channels; records encode calls. */
    static final class ReluDictionary implements Dictionary {
        final int inputDim;
        final List<Integer> encodedRows = new ArrayList<>();
        int closed;

        ReluDictionary(int inputDim) {
            this.inputDim = inputDim;
        }

        @Override
        public DictionaryInfo info() {
            return new DictionaryInfo("relu", CONCEPTS, inputDim);
        }

        @Override
        public Codes encode(FloatMatrix x) {
            encodedRows.add(x.rows());
            FloatMatrix dense = FloatMatrix.zeros(x.rows(), CONCEPTS);
            for (int r = 0; r < x.rows(); r++) {
                for (int i = 0; i < CONCEPTS; i++) {
                    dense.set(r, i, Math.max(0, x.get(r, i)));
                }
            }
            return Codes.fromDense(dense);
        }

        /** Atom i is the unit vector of channel i, so decoding puts each code back on its channel. */
        @Override
        public FloatMatrix atoms() {
            FloatMatrix atoms = FloatMatrix.zeros(CONCEPTS, inputDim);
            for (int i = 0; i < CONCEPTS; i++) {
                atoms.set(i, i, 1f);
            }
            return atoms;
        }

        @Override
        public FloatMatrix decode(Codes codes) {
            FloatMatrix out = FloatMatrix.zeros(codes.rows(), inputDim);
            for (int r = 0; r < codes.rows(); r++) {
                for (int i = 0; i < CONCEPTS; i++) {
                    out.set(r, i, codes.get(r, i));
                }
            }
            return out;
        }

        /** Writes the atoms as text, one row per line (enough for a test dictionary). */
        @Override
        public void save(Path directory) {
            FloatMatrix atoms = atoms();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < atoms.rows(); i++) {
                for (int j = 0; j < atoms.cols(); j++) {
                    text.append(j == 0 ? "" : " ").append(atoms.get(i, j));
                }
                text.append('\n');
            }
            try {
                java.nio.file.Files.createDirectories(directory);
                java.nio.file.Files.writeString(directory.resolve("atoms.txt"), text);
            } catch (java.io.IOException e) {
                throw new dev.facet.spi.FacetException("Cannot save the test dictionary to " + directory + ": " + e, e);
            }
        }

        @Override
        public void close() {
            closed++;
        }
    }

    private static ConceptMaps maps(Backbone backbone, String hook, Dictionary dictionary) {
        return ConceptMaps.builder().setBackbone(backbone).setHookPoint(hook).setDictionary(dictionary).build();
    }

    private static Tensor pixels(int n) {
        return Tensor.zeros(n, 1, 6, 8);
    }

    /** The map of {@code concept} on {@code image} when grid cell (y, x) reads position {@code firstPosition + y·w + x}. */
    private static FloatMatrix expectedGridMap(int image, int concept, int firstPosition) {
        FloatMatrix map = FloatMatrix.zeros(GRID_H, GRID_W);
        for (int y = 0; y < GRID_H; y++) {
            for (int x = 0; x < GRID_W; x++) {
                map.set(y, x, Math.max(0, activation(image, firstPosition + y * GRID_W + x, concept)));
            }
        }
        return map;
    }

    @Test
    void tokenLayoutDropsClsAndRegistersAndKeepsTheGridRowMajor() {
        FakeBackbone backbone = new FakeBackbone();
        ReluDictionary dictionary = new ReluDictionary(CHANNELS);
        ConceptMaps maps = maps(backbone, "tokens", dictionary);
        assertEquals(GRID_H, maps.height());
        assertEquals(GRID_W, maps.width());
        assertEquals(CONCEPTS, maps.concepts());
        ConceptMapBatch batch = maps.compute(pixels(2));
        assertEquals(List.of(2 * GRID_H * GRID_W), dictionary.encodedRows, "one encode call over n·h·w tokens");
        assertEquals(2, batch.images());
        for (int image = 0; image < 2; image++) {
            for (int concept = 0; concept < CONCEPTS; concept++) {
                assertEquals(expectedGridMap(image, concept, 1 + REGISTERS), batch.map(image, concept),
                        "map of concept " + concept + " on image " + image);
            }
        }
        // channel 1 is negative at odd tokens: first patch token 3 is odd, so cell (0, 0) is 0
        assertEquals(0f, batch.map(0, 1).get(0, 0));
        assertEquals(activation(0, 4, 1), batch.map(0, 1).get(0, 1));
        assertEquals(0, backbone.closed, "the caller owns the backbone");
        assertEquals(0, dictionary.closed, "the caller owns the dictionary");
    }

    @Test
    void theTestDictionaryDecodesItsCodesOntoTheirChannels() {
        ReluDictionary dictionary = new ReluDictionary(CHANNELS);
        FloatMatrix x = FloatMatrix.of(new float[][] {{1, -2, 3, 4, 5}});
        FloatMatrix decoded = dictionary.decode(dictionary.encode(x));
        assertEquals(FloatMatrix.of(new float[][] {{1, 0, 3, 0, 0}}), decoded);
        assertEquals(CONCEPTS, dictionary.atoms().rows());
    }

    @Test
    void mapsUpsampleToTheImage() {
        ConceptMapBatch batch = maps(new FakeBackbone(), "tokens", new ReluDictionary(CHANNELS)).compute(pixels(1));
        FloatMatrix grid = batch.map(0, 2);
        for (MapInterpolation mode : MapInterpolation.values()) {
            FloatMatrix image = batch.map(0, 2, 6 * GRID_H, 6 * GRID_W, mode);
            assertEquals(6 * GRID_H, image.rows());
            assertEquals(6 * GRID_W, image.cols());
            assertEquals(mode.resize(grid, 6 * GRID_H, 6 * GRID_W), image, mode.toString());
        }
        FloatMatrix pooled = maps(new FakeBackbone(), "pooled", new ReluDictionary(CHANNELS)).compute(pixels(1))
                .map(0, 0, 5, 7, MapInterpolation.BICUBIC);
        for (float v : pooled.data()) {
            assertEquals(activation(0, 0, 0), v, 1e-3, "a 1x1 map upsamples to a constant image");
        }
    }

    @Test
    void spatialLayoutIsReadChannelFirst() {
        ConceptMapBatch batch = maps(new FakeBackbone(), "spatial", new ReluDictionary(CHANNELS)).compute(pixels(3));
        for (int image = 0; image < 3; image++) {
            for (int concept = 0; concept < CONCEPTS; concept++) {
                assertEquals(expectedGridMap(image, concept, 0), batch.map(image, concept),
                        "map of concept " + concept + " on image " + image);
            }
        }
    }

    @Test
    void vectorLayoutGivesOneCellMaps() {
        ConceptMaps maps = maps(new FakeBackbone(), "pooled", new ReluDictionary(CHANNELS));
        ConceptMapBatch batch = maps.compute(pixels(2));
        assertEquals(1, batch.height());
        assertEquals(1, batch.width());
        for (int concept = 0; concept < CONCEPTS; concept++) {
            assertEquals(new FloatMatrix(1, 1, new float[] {activation(1, 0, concept)}), batch.map(1, concept));
        }
    }

    @Test
    void denseViewAndEntriesAgreeWithMaps() {
        ConceptMapBatch batch = maps(new FakeBackbone(), "tokens", new ReluDictionary(CHANNELS)).compute(pixels(2));
        Tensor dense = batch.dense();
        assertArrayEquals(new long[] {2, CONCEPTS, GRID_H, GRID_W}, dense.shape());
        for (int image = 0; image < 2; image++) {
            for (int concept = 0; concept < CONCEPTS; concept++) {
                FloatMatrix map = batch.map(image, concept);
                for (int y = 0; y < GRID_H; y++) {
                    for (int x = 0; x < GRID_W; x++) {
                        assertEquals(map.get(y, x), dense.get(image, concept, y, x));
                    }
                }
            }
            int img = image;
            float[] sum = new float[CONCEPTS * GRID_H * GRID_W];
            batch.forEachEntry(image, (concept, cell, value) -> {
                assertTrue(value != 0f, "entries are non-zero");
                assertEquals(batch.map(img, concept).data()[cell], value);
                sum[concept * GRID_H * GRID_W + cell] += value;
            });
            float[] imageSlice = Arrays.copyOfRange(dense.data(), image * sum.length, (image + 1) * sum.length);
            assertArrayEquals(imageSlice, sum, "each non-zero visited exactly once");
        }
    }

    @Test
    void nonFiniteActivationsAreRefusedNamingHookAndImage() {
        FakeBackbone backbone = new FakeBackbone();
        backbone.nanImage = 2;
        ConceptMaps maps = maps(backbone, "tokens", new ReluDictionary(CHANNELS));
        InvalidDataException error = assertThrows(InvalidDataException.class, () -> maps.compute(pixels(4)));
        assertTrue(error.getMessage().contains("'tokens'"), error.getMessage());
        assertTrue(error.getMessage().contains("image 2"), error.getMessage());
        assertTrue(error.getMessage().contains("NaN"), error.getMessage());
    }

    @Test
    void unknownHookIsRefusedListingTheHooks() {
        UnknownComponentException error = assertThrows(UnknownComponentException.class,
                () -> maps(new FakeBackbone(), "blocks.3", new ReluDictionary(CHANNELS)));
        for (String hook : List.of("blocks.3", "tokens", "spatial", "pooled")) {
            assertTrue(error.getMessage().contains(hook), error.getMessage());
        }
    }

    @Test
    void widthMismatchIsRefusedNamingBoth() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> maps(new FakeBackbone(), "tokens", new ReluDictionary(CHANNELS + 2)));
        assertTrue(error.getMessage().contains("width " + (CHANNELS + 2)), error.getMessage());
        assertTrue(error.getMessage().contains(CHANNELS + " channels"), error.getMessage());
    }

    @Test
    void layoutsWithoutGridAndMissingPartsAreRefused() {
        ConfigException noGrid = assertThrows(ConfigException.class,
                () -> maps(new FakeBackbone(), "cls-only", new ReluDictionary(CHANNELS)));
        assertTrue(noGrid.getMessage().contains("no patch tokens"), noGrid.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ConceptMaps.builder().setBackbone(new FakeBackbone()).setHookPoint("tokens").build());
        assertTrue(missing.getMessage().contains("dictionary"), missing.getMessage());
        assertFalse(missing.getMessage().contains("backbone "), missing.getMessage());
        ConceptMaps maps = maps(new FakeBackbone(), "tokens", new ReluDictionary(CHANNELS));
        assertThrows(InvalidDataException.class, () -> maps.compute(pixels(0)));
    }
}
