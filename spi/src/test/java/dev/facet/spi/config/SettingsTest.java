package dev.facet.spi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {
    enum Kind { RELU, TOP_K, JUMPRELU }

    static final Setting<Integer> CONCEPTS = Setting.integer("concepts", "number of atoms").range(1, 1 << 20);
    static final Setting<Kind> KIND = Setting.choice("kind", Kind.class, "sparsifier").defaultValue(Kind.RELU);
    static final Setting<Integer> K = Setting.integer("k", "active codes").defaultValue(0).min(0);
    static final Setting<Double> LR = Setting.decimal("lr", "learning rate").defaultValue(5e-4).above(0).max(10);
    static final Setting<Double> FINAL_LR = Setting.decimal("final_lr", "final learning rate")
            .derivedDefault("lr / 10", v -> v.get(LR) / 10).min(0);
    static final Setting<Boolean> AUXK = Setting.bool("auxk", "AuxK loss")
            .derivedDefault("true for top_k", v -> v.get(KIND) == Kind.TOP_K);
    static final Setting<Long> WINDOW = Setting.longInteger("window", "samples").defaultValue(10_000_000L).min(1);
    static final Setting<List<Integer>> PREFIXES = Setting.integers("prefixes", "nested sizes")
            .defaultValue(List.of()).min(1);
    static final Setting<String> KERNEL = Setting.choice("kernel", List.of("rectangle", "gaussian"), "kernel")
            .defaultValue("rectangle");
    static final Setting<String> NAME = Setting.string("name", "a label").optional();
    static final Settings SCHEMA = Settings.of(CONCEPTS, KIND, K, LR, FINAL_LR, AUXK, WINDOW, PREFIXES, KERNEL, NAME);

    private static InvalidSettingsException refused(Settings schema, Map<String, ?> values) {
        return assertThrows(InvalidSettingsException.class, () -> schema.read("learner 'test'", values));
    }

    @Test
    void defaultsAreFilledInAndTheMapKeepsDeclarationOrder() {
        Settings.Values values = SCHEMA.read("learner 'test'", Map.of("concepts", 64, "lr", 1e-3, "kind", "top-k"));
        assertEquals(64, values.get(CONCEPTS));
        assertEquals(Kind.TOP_K, values.get(KIND));
        assertEquals(1e-4, values.get(FINAL_LR), 1e-18);
        assertTrue(values.get(AUXK));
        assertEquals(10_000_000L, values.get(WINDOW));
        assertNull(values.get(NAME));
        assertEquals(List.of("concepts", "kind", "k", "lr", "final_lr", "auxk", "window", "prefixes", "kernel"),
                List.copyOf(values.toMap().keySet()));
        assertEquals("top_k", values.toMap().get("kind"));
        assertEquals(1e-3, values.toMap().get("lr"));
        assertEquals(List.of(), values.toMap().get("prefixes"));
    }

    @Test
    void integralNumbersAreAcceptedAsDoublesAndIntegers() {
        Settings.Values values = SCHEMA.read("t", Map.of("concepts", 8.0, "lr", 1, "prefixes", List.of(2, 8)));
        assertEquals(8, values.get(CONCEPTS));
        assertEquals(1.0, values.get(LR));
        assertEquals(List.of(2, 8), values.get(PREFIXES));
    }

    @Test
    void unknownKeysAreNamedWithTheAllowedOnes() {
        InvalidSettingsException e = refused(Settings.of(CONCEPTS, LR), Map.of("concepts", 4, "lrr", 1));
        assertEquals("learner 'test': unknown key [lrr]; allowed: [concepts, lr]", e.getMessage());
        assertEquals(Set.of("lrr"), e.keys());
    }

    @Test
    void wrongTypesAreNamed() {
        assertEquals("learner 'test': invalid concepts: many; expected an integer",
                refused(SCHEMA, Map.of("concepts", "many")).getMessage());
        assertEquals("learner 'test': invalid concepts: 2.5; expected an integer",
                refused(SCHEMA, Map.of("concepts", 2.5)).getMessage());
        assertEquals("learner 'test': invalid auxk: yes; expected true or false",
                refused(SCHEMA, Map.of("concepts", 1, "auxk", "yes")).getMessage());
        assertEquals("learner 'test': invalid prefixes: [1, x]; expected a list of integers",
                refused(SCHEMA, Map.of("concepts", 1, "prefixes", List.of(1, "x"))).getMessage());
    }

    @Test
    void outOfRangeValuesNameTheRange() {
        assertEquals("learner 'test': invalid concepts: 0; allowed: [1, 1048576]",
                refused(SCHEMA, Map.of("concepts", 0)).getMessage());
        assertEquals("learner 'test': invalid lr: 0.0; allowed: (0, 10]",
                refused(SCHEMA, Map.of("concepts", 1, "lr", 0.0)).getMessage());
        assertEquals("learner 'test': invalid prefixes element: 0; allowed: >= 1",
                refused(SCHEMA, Map.of("concepts", 1, "prefixes", List.of(0, 4))).getMessage());
        assertEquals("learner 'test': invalid concepts: 3000000000; expected a 32-bit integer",
                refused(SCHEMA, Map.of("concepts", 3_000_000_000L)).getMessage());
    }

    @Test
    void badChoicesListTheChoices() {
        assertEquals("learner 'test': invalid kind: 'gelu'; allowed: [relu, top_k, jumprelu]",
                refused(SCHEMA, Map.of("concepts", 1, "kind", "gelu")).getMessage());
        assertEquals("learner 'test': invalid kernel: 'box'; allowed: [rectangle, gaussian]",
                refused(SCHEMA, Map.of("concepts", 1, "kernel", "box")).getMessage());
        assertEquals("gaussian", SCHEMA.read("t", Map.of("concepts", 1, "kernel", "GAUSSIAN")).get(KERNEL));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidSettingsException e = refused(SCHEMA, Map.of("lr", -1, "kind", "gelu", "k", "two", "bogus", 1));
        assertEquals(List.of("unknown key [bogus]; allowed: [auxk, concepts, final_lr, k, kernel, kind, lr, name, "
                        + "prefixes, window]",
                "missing required key 'concepts'",
                "invalid kind: 'gelu'; allowed: [relu, top_k, jumprelu]",
                "invalid k: two; expected an integer",
                "invalid lr: -1; allowed: (0, 10]"), e.problems());
        assertEquals(Set.of("bogus", "concepts", "kind", "k", "lr"), e.keys());
        assertTrue(e.getMessage().startsWith("learner 'test': 5 problems:\n  unknown key [bogus]"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\n  invalid lr: -1; allowed: (0, 10]"), e.getMessage());
    }

    @Test
    void aFixedSettingIsRefusedNamingTheComponentAndTheValue() {
        Settings topk = SCHEMA.fix(KIND, Kind.TOP_K, "learner 'topk'");
        InvalidSettingsException e = refused(topk, Map.of("concepts", 4, "kind", "jumprelu"));
        assertEquals("learner 'test': learner 'topk' does not take setting 'kind' (its kind is top_k)",
                e.getMessage());
        assertEquals(Set.of("kind"), e.keys());
        assertFalse(topk.allowedNames().contains("kind"));
        Settings.Values values = topk.read("t", Map.of("concepts", 4));
        assertEquals(Kind.TOP_K, values.get(KIND));
        assertEquals("top_k", values.toMap().get("kind"));
    }

    @Test
    void fixingResolvesDerivedDefaultsThatOnlyNeedFixedSettings() {
        Settings topk = SCHEMA.fix(KIND, Kind.TOP_K, "learner 'topk'");
        Setting<?> auxk = topk.list().get(5);
        assertEquals("true", auxk.defaultText());
        assertFalse(auxk.isDerived());
        assertEquals("lr / 10", topk.list().get(4).defaultText());
        assertEquals("fixed: top_k", topk.list().get(1).defaultText());
        assertEquals("", topk.list().get(1).constraintText());
    }

    @Test
    void tablesShowDefaultsRangesAndChoices() {
        assertEquals("required", CONCEPTS.defaultText());
        assertEquals("[1, 1048576]", CONCEPTS.constraintText());
        assertEquals("0.0005", LR.defaultText());
        assertEquals("(0, 10]", LR.constraintText());
        assertEquals("relu | top_k | jumprelu", KIND.constraintText());
        assertEquals("each >= 1", PREFIXES.constraintText());
        assertEquals("[]", PREFIXES.defaultText());
        assertEquals("none", NAME.defaultText());
        assertEquals("10000000", WINDOW.defaultText());
        assertEquals("1E-10", Setting.decimal("tol", "t").defaultValue(1e-10).defaultText());
        assertEquals("int list", PREFIXES.type().label());
    }

    @Test
    void schemasComposeAndReplaceInPlace() {
        Settings base = Settings.of(CONCEPTS, K);
        Settings required = base.replace(K.required().min(1)).and(Settings.of(LR));
        assertEquals(List.of("concepts", "k", "lr"), List.copyOf(required.names()));
        assertTrue(required.list().get(1).isRequired());
        assertEquals(Map.of("concepts", 2, "k", 1), required.read("t", Map.of("concepts", 2, "k", 1, "lr", 1))
                .select(base).toMap());
        assertThrows(IllegalArgumentException.class, () -> base.and(Settings.of(K)));
        assertThrows(IllegalArgumentException.class, () -> base.replace(LR));
        assertThrows(IllegalArgumentException.class, () -> base.read("t", Map.of("concepts", 1)).get(LR));
        assertTrue(Settings.empty().isEmpty());
    }

    @Test
    void oneSettingReadsOnItsOwn() {
        ConfigValues values = ConfigValues.of("backbone 'onnx'", Map.of("device", "GPU", "threads", 2));
        assertEquals(Device.GPU, Setting.choice("device", Device.class, "d").defaultValue(Device.CPU).readFrom(values));
        ConfigException e = assertThrows(ConfigException.class,
                () -> Setting.integer("threads", "t").range(0, 1).readFrom(values));
        assertEquals("backbone 'onnx': invalid threads: 2; allowed: [0, 1]", e.getMessage());
    }

    /** Even numbers written as a number or a decimal string, saved as a number. */
    private static final ValueFormat<Integer> EVEN = new ValueFormat<>() {
        @Override
        public String label() {
            return "even";
        }

        @Override
        public String rule() {
            return "N or \"N\", even";
        }

        @Override
        public Integer parse(Object raw) {
            int n;
            try {
                n = raw instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(raw).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number");
            }
            if (n % 2 != 0) {
                throw new IllegalArgumentException("expected an even number");
            }
            return n;
        }

        @Override
        public Object toJson(Integer value) {
            return value;
        }
    };

    @Test
    void formattedSettingsReadEverySpellingAndNameTheKeyOfABadValue() {
        Setting<Integer> size = Setting.formatted("size", EVEN, "an even size").defaultValue(2);
        Settings schema = Settings.of(size);
        assertEquals(8, schema.read("t", Map.of("size", " 8")).get(size));
        assertEquals(Map.of("size", 4), schema.read("t", Map.of("size", 4)).toMap());
        assertEquals(2, schema.read("t", Map.of()).get(size));
        InvalidSettingsException odd = refused(schema, Map.of("size", 3));
        assertEquals("learner 'test': invalid size: 3; expected an even number", odd.getMessage());
        assertEquals(Set.of("size"), odd.keys());
        assertEquals("learner 'test': invalid size: [1, 2]; expected a number",
                refused(schema, Map.of("size", List.of(1, 2))).getMessage());
        assertEquals("even", size.typeLabel());
        assertEquals("N or \"N\", even", size.constraintText());
        assertEquals("2", size.defaultText());
        assertEquals("int", CONCEPTS.typeLabel());
        assertThrows(IllegalArgumentException.class, () -> size.min(0));
    }
}
