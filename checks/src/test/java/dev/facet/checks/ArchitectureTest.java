package dev.facet.checks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules hold for Facet's main classes, and fail on a fixture that breaks them. */
class ArchitectureTest {

    /** Classes written to break each rule once. */
    private static final String VIOLATIONS = "dev.facet.checks.violations";

    private static JavaClasses facet;
    private static JavaClasses violations;

    @BeforeAll
    static void importClasses() {
        facet = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.facet");
        violations = new ClassFileImporter().importPackages(VIOLATIONS);
    }

    @Test
    void everyModuleIsImported() {
        for (String module : new String[] {"spi", "json", "djl", "extractors", "dictionaries", "attribution", "visualization",
                "report", "plugins", "pipeline", "spark", "bench", "cli"}) {
            assertTrue(facet.containPackage("dev.facet." + module), "no classes of module " + module + " were imported");
        }
    }

    @Test
    void spiIsJdkOnly() {
        ArchitectureRules.spiIsJdkOnly("dev.facet").check(facet);
    }

    @Test
    void hostDependsOnSpiAndGuiceOnly() {
        ArchitectureRules.hostDependsOnSpiAndGuiceOnly("dev.facet").check(facet);
    }

    @Test
    void modulesOnlyImportDownwards() {
        ArchitectureRules.modulesOnlyImportDownwards("dev.facet").check(facet);
    }

    @Test
    void onlySparkModuleNamesSpark() {
        ArchitectureRules.onlySparkModuleNamesSpark("dev.facet").check(facet);
    }

    @Test
    void aNativeTypeInTheSpiFailsTheRule() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ArchitectureRules.spiIsJdkOnly(VIOLATIONS).check(violations));
        assertTrue(e.getMessage().contains(dev.facet.checks.violations.spi.NativeInSpi.class.getName())
                && e.getMessage().contains("ai.djl.ndarray.NDArray"), e.getMessage());
    }

    @Test
    void aComponentImportInTheHostFailsTheRule() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ArchitectureRules.hostDependsOnSpiAndGuiceOnly(VIOLATIONS).check(violations));
        assertTrue(e.getMessage().contains(dev.facet.checks.violations.plugins.ComponentInHost.class.getName())
                && e.getMessage().contains("dev.facet.dictionaries.DictionariesPlugin"), e.getMessage());
    }

    @Test
    void anUpwardImportFailsTheLayering() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ArchitectureRules.modulesOnlyImportDownwards(VIOLATIONS).check(violations));
        assertTrue(e.getMessage().contains(dev.facet.checks.violations.report.UpwardFromReport.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(dev.facet.checks.violations.pipeline.UpwardToSpark.class.getName())
                && e.getMessage().contains(dev.facet.checks.violations.spark.PartitionJob.class.getName()), e.getMessage());
    }

    @Test
    void aSparkClassOutsideTheSparkModuleFailsTheRule() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ArchitectureRules.onlySparkModuleNamesSpark(VIOLATIONS).check(violations));
        assertTrue(e.getMessage().contains(dev.facet.checks.violations.cli.SparkInCli.class.getName())
                && e.getMessage().contains("org.apache.spark.SparkConf"), e.getMessage());
    }
}
