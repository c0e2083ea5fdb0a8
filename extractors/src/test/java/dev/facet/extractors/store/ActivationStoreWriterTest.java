package dev.facet.extractors.store;

import static dev.facet.extractors.store.StoreFixtures.metadata;
import static dev.facet.extractors.store.StoreFixtures.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ActivationStoreWriterTest {

    private static final int TOKENS = 2;
    private static final int DIM = 3;

    @TempDir
    Path dir;

    private static void assertInvalid(String expectedMessagePart, Executable append) {
        InvalidDataException e = assertThrows(InvalidDataException.class, append);
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "expected '" + expectedMessagePart + "' in: " + e.getMessage());
    }

    @Test
    void rejectsNonFiniteTokensNamingTheImage() {
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 4))) {
            FloatMatrix nan = tokens(0, TOKENS, DIM);
            nan.set(1, 2, Float.NaN);
            assertInvalid("Tokens of image 'cat.jpg' holds NaN at row 1, column 2", () -> writer.append("cat.jpg", nan));
            FloatMatrix infinite = tokens(0, TOKENS, DIM);
            infinite.set(0, 1, Float.NEGATIVE_INFINITY);
            assertInvalid("holds -Infinity at row 0, column 1", () -> writer.append("dog.jpg", infinite));
            assertEquals(0, writer.imagesDone(), "rejected images are not stored");
            writer.append("ok.jpg", tokens(0, TOKENS, DIM));
            assertEquals(1, writer.imagesDone());
        }
    }

    @Test
    void rejectsTokensOfTheWrongShape() {
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 4))) {
            assertInvalid("Tokens of image 'a' are 3x3; expected 2x3 (tokensPerImage x dim)",
                    () -> writer.append("a", tokens(0, 3, DIM)));
            assertInvalid("Tokens of image 'b' are 2x4; expected 2x3",
                    () -> writer.append("b", tokens(0, TOKENS, 4)));
        }
    }

    @Test
    void rejectsValuesBeyondTheFloat16Range() {
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(dir, metadata(StoreDtype.FLOAT16, TOKENS, DIM, 4))) {
            FloatMatrix large = tokens(0, TOKENS, DIM);
            large.set(1, 0, 70000f);
            assertInvalid("Tokens of image 'big' holds 70000.0 at row 1, column 0, beyond the float16 range",
                    () -> writer.append("big", large));
            large.set(1, 0, 65504f);
            writer.append("largest", large);
        }
    }

    @Test
    void rejectsIdsThatWouldBreakTheSidecar() {
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 4))) {
            FloatMatrix ok = tokens(0, TOKENS, DIM);
            assertInvalid("Invalid image id 'a\nb'", () -> writer.append("a\nb", ok));
            assertInvalid("Invalid image id ' '", () -> writer.append(" ", ok));
            assertInvalid("Invalid image id null", () -> writer.append(null, ok));
        }
    }

    @Test
    void refusesImagesAfterFinish() {
        ActivationStoreWriter writer = ActivationStoreWriter.create(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 4));
        writer.append("a", tokens(0, TOKENS, DIM));
        writer.finish();
        writer.close();
        assertThrows(IllegalStateException.class, () -> writer.append("b", tokens(1, TOKENS, DIM)));
        assertEquals(1, ActivationStore.open(dir).images());
    }
}
