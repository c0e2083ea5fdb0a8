package dev.facet.dictionaries.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.dictionaries.sae.SaeConfig.EncoderKind;
import dev.facet.dictionaries.sae.SaeConfig.LossKind;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.InvalidSettingsException;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SaeLearnerSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SaeLearnerFactory factory(String id) {
        return (SaeLearnerFactory) SaeLearners.factories().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow();
    }

    private static SaeLearner create(String id, Map<String, Object> hyper) {
        return factory(id).create(ConfigValues.of("facet train", hyper));
    }

    private static Setting<?> setting(String id, String name) {
        return factory(id).settings().list().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theDemoLearnerSavesTheSameHyperparametersAsBefore() throws Exception {
        SaeLearner topk = create("topk", Map.of("concepts", 128, "k", 4, "epochs", 4, "log_every", 10));
        assertEquals("{\"concepts\":128,\"encoder\":\"linear\",\"encoder_norm\":\"layer\",\"encoder_blocks\":1,"
                + "\"residual\":false,\"heads\":4,\"tokens\":0,\"dictionary\":\"l2\",\"multiplier\":false,"
                + "\"candidates\":0,\"delta\":1.0,\"sparsifier\":\"topk\",\"k\":4,\"threshold_momentum\":0.01,"
                + "\"kernel\":\"rectangle\",\"bandwidth\":0.001,\"initial_threshold\":0.001,\"prefixes\":[],"
                + "\"loss\":\"mse\",\"lambda\":0.0,\"alpha\":0.5,\"auxk\":true,\"auxk_alpha\":0.03125,\"k_aux\":0,"
                + "\"l0_coefficient\":0.001}", JSON.writeValueAsString(topk.architecture().toMap()));
        assertEquals("{\"epochs\":4,\"batch_size\":1024,\"lr\":5.0E-4,\"final_lr\":5.0E-5,\"warmup_steps\":-1,"
                + "\"clip_norm\":1.0,\"normalise_input\":false,\"dead_window\":10000000,"
                + "\"bias_init\":\"geometric_median\",\"median_sample\":4096,\"checkpoint_every\":500,"
                + "\"log_every\":10,\"compute\":\"auto\",\"device\":\"cpu\",\"shuffle\":true}",
                JSON.writeValueAsString(topk.trainer().toMap()));
    }

    @Test
    void aSparsifierSettingContradictsTheLearnerId() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> create("topk", Map.of("concepts", 16, "k", 2, "sparsifier", "jumprelu")));
        assertEquals("facet train: learner 'topk' does not take setting 'sparsifier' (its sparsifier is topk)",
                e.getMessage());
        assertEquals(Set.of("sparsifier"), e.keys());
        InvalidSettingsException same = assertThrows(InvalidSettingsException.class,
                () -> create("matryoshka", Map.of("concepts", 16, "k", 2, "sparsifier", "batchtopk")));
        assertTrue(same.getMessage().endsWith(
                "learner 'matryoshka' does not take setting 'sparsifier' (its sparsifier is batchtopk)"),
                same.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "topk", "batchtopk", "jumprelu", "mp", "omp", "matryoshka"})
    void everySaeLearnerFixesItsSparsifierAndListsEveryOtherSetting(String id) {
        Settings settings = factory(id).settings();
        assertTrue(setting(id, "sparsifier").isFixed(), id);
        assertFalse(settings.allowedNames().contains("sparsifier"), id);
        assertEquals(SaeConfig.SETTINGS.names().size() + 15, settings.names().size(), id);
        for (Setting<?> setting : settings.list()) {
            assertFalse(setting.description().isBlank(), id + " " + setting.name());
        }
    }

    @Test
    void defaultsFollowFromTheSparsifier() {
        assertEquals("required", setting("topk", "k").defaultText());
        assertEquals("[1, 16777216]", setting("topk", "k").constraintText());
        assertEquals("0", setting("relu", "k").defaultText());
        assertEquals("mse_l1", setting("relu", "loss").defaultText());
        assertEquals("0.001", setting("relu", "lambda").defaultText());
        assertEquals("mse", setting("jumprelu", "loss").defaultText());
        assertEquals("false", setting("jumprelu", "auxk").defaultText());
        assertEquals("true", setting("batchtopk", "auxk").defaultText());
        assertEquals("identity", setting("omp", "encoder").defaultText());
        assertEquals("linear", setting("topk", "encoder").defaultText());
        assertEquals("fixed: batchtopk", setting("matryoshka", "sparsifier").defaultText());
        assertTrue(setting("matryoshka", "prefixes").isDerived());
        assertEquals("[]", setting("batchtopk", "prefixes").defaultText());
        assertEquals("lr / 10", setting("topk", "final_lr").defaultText());

        SaeLearner relu = create("relu", Map.of("concepts", 8));
        assertEquals(LossKind.MSE_L1, relu.architecture().loss());
        assertEquals(1e-3, relu.architecture().lambda());
        SaeLearner mp = create("mp", Map.of("concepts", 8, "k", 2));
        assertEquals(EncoderKind.IDENTITY, mp.architecture().encoder());
        SaeLearner matryoshka = create("matryoshka", Map.of("concepts", 64, "k", 4));
        assertEquals(List.of(4, 8, 16, 32, 64), matryoshka.architecture().prefixes());
    }

    @Test
    void everyProblemOfOneConfigurationIsReportedTogether() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> create("topk",
                Map.of("concepts", 16, "sparsifier", "relu", "lr", -1, "bias_init", "median", "epoch", 3)));
        assertEquals(Set.of("epoch", "sparsifier", "k", "lr", "bias_init"), e.keys());
        assertEquals(5, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("facet train: 5 problems:\n  unknown key [epoch]; allowed: ["),
                e.getMessage());
        assertTrue(e.problems().contains("missing required key 'k'"), e.getMessage());
        assertTrue(e.problems().contains("invalid bias_init: 'median'; allowed: [geometric_median, mean, zero]"),
                e.getMessage());
    }

    @Test
    void combinationsAreStillChecked() {
        ConfigException k = assertThrows(ConfigException.class, () -> create("topk", Map.of("concepts", 4, "k", 5)));
        assertEquals("Invalid k: 5; allowed: 1..4 for sparsifier topk", k.getMessage());
        ConfigException lr = assertThrows(ConfigException.class,
                () -> create("topk", Map.of("concepts", 4, "k", 1, "lr", 1e-3, "final_lr", 1e-2)));
        assertEquals("Invalid final_lr: 0.01; allowed: [0, lr = 0.001]", lr.getMessage());
    }

    @Test
    void everyFamilyRegistersThroughOneHolderStyle() {
        List<String> ids = SaeLearners.factories().stream().map(DictionaryLearnerFactory::id).toList();
        assertEquals(List.of("relu", "topk", "batchtopk", "jumprelu", "mp", "omp", "matryoshka"), ids);
    }
}
