package dev.facet.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrictJsonTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, text);
        return file;
    }

    private String refusal(String text) throws IOException {
        Path file = file(text);
        return assertThrows(ConfigException.class, () -> StrictJson.readConfig(file, "Pipeline config")).getMessage();
    }

    @Test
    void readsAnObjectInOrder() throws IOException {
        Map<String, Object> read = StrictJson.readConfig(file("{\"b\": 1, \"a\": [true, \"x\"], \"c\": {\"d\": 2.5}}"), "c");
        assertEquals(List.of("b", "a", "c"), List.copyOf(read.keySet()));
        assertEquals(List.of(true, "x"), read.get("a"));
        assertEquals(Map.of("d", 2.5), read.get("c"));
    }

    @Test
    void aDuplicateKeyIsAnErrorNamingTheKeyAndLine() throws IOException {
        String message = refusal("{\n  \"seed\": 1,\n  \"seed\": 2\n}");
        assertTrue(message.startsWith("Pipeline config " + dir.resolve("config.json")), message);
        assertTrue(message.contains("line 3"), message);
        assertTrue(message.contains("'seed' is given twice"), message);
    }

    @Test
    void aDuplicateKeyInANestedObjectIsAnError() throws IOException {
        assertTrue(refusal("{\"learner\": {\"k\": 4, \"k\": 8}}").contains("'k' is given twice"));
    }

    @Test
    void trailingContentIsAnError() throws IOException {
        String message = refusal("{\"seed\": 1}\n garbage");
        assertTrue(message.contains("line 2, column 2") && message.contains("'garbage'"), message);
        assertTrue(refusal("{\"seed\": 1}\n 7").contains("line 2, column 2: unexpected content after the end"));
        assertTrue(refusal("{\"seed\": 1} {\"seed\": 2}").contains("after the end"));
    }

    @Test
    void notAnObjectEmptyMissingAndMalformedAreNamed() throws IOException {
        assertTrue(refusal("[1, 2]").contains("expected a JSON object, found an array"));
        assertTrue(refusal("null").contains("found null"));
        assertTrue(refusal("").contains("empty"));
        assertTrue(refusal("{\"seed\": }").contains("line 1, column"));
        Path missing = dir.resolve("nope.json");
        String message = assertThrows(ConfigException.class, () -> StrictJson.readConfig(missing, "Pipeline config"))
                .getMessage();
        assertTrue(message.contains(missing + " does not exist"), message);
    }

    @Test
    void artifactReadersChooseTheirException() throws IOException {
        Path file = file("{\"a\": 1, \"a\": 1}");
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> StrictJson.readObject(file, "manifest", text -> new CorruptArtifactException(file, text)));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void anArtifactThatIsMissingEmptyOrMalformedIsCorruptNamingTheFile() throws IOException {
        assertEquals(2, StrictJson.readArtifact(file("{\"a\": 2}"), null).path("a").asInt());
        String missing = assertThrows(CorruptArtifactException.class,
                () -> StrictJson.readArtifact(dir.resolve("config-x.json"), "expected a dictionary")).getMessage();
        assertTrue(missing.contains("config-x.json") && missing.contains("does not exist; expected a dictionary"), missing);
        String empty = assertThrows(CorruptArtifactException.class, () -> StrictJson.readArtifact(file(""), null))
                .getMessage();
        assertTrue(empty.contains("is empty"), empty);
        String broken = assertThrows(CorruptArtifactException.class, () -> StrictJson.readArtifact(file("{"), null))
                .getMessage();
        assertTrue(broken.contains("is not valid JSON (line 1, column") && !broken.contains("REDACTED"), broken);
    }

    @Test
    void valueOrTakesExactlyOneValue() {
        assertEquals(3, StrictJson.valueOr("3", "text"));
        assertEquals(List.of(1, 2), StrictJson.valueOr("[1,2]", "text"));
        assertNull(StrictJson.valueOr("null", "text"));
        assertEquals("1 2", StrictJson.valueOr("1 2", "1 2"));
        assertEquals("abc", StrictJson.valueOr("abc", "abc"));
        assertEquals("{}", StrictJson.valueOr("{\"a\":1,\"a\":2}", "{}"));
    }
}
