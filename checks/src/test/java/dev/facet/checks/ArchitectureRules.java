package dev.facet.checks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries of docs/design.md#module-map as ArchUnit rules. Each rule takes the root
 * package so that the same rule can be shown failing on a deliberately wrong fixture.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** The SPI is plain JDK: no engine, library or other Facet module type in any signature or body. */
    static ArchRule spiIsJdkOnly(String root) {
        return noClasses().that().resideInAPackage(root + ".spi..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", root + ".spi..")
                .because("plugins compile against the SPI alone (docs/design.md#contracts)");
    }

    /** The plugin host knows the SPI, Guice and the logging facade, and nothing of the components it hosts. */
    static ArchRule hostDependsOnSpiAndGuiceOnly(String root) {
        return noClasses().that().resideInAPackage(root + ".plugins..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "javax.inject..", "jakarta.inject..",
                        "com.google.inject..", "org.slf4j..", root + ".spi..", root + ".plugins..")
                .because("the host is shared by every plugin and must not pull component modules in "
                        + "(docs/design.md#module-map)");
    }

    /** No module imports one above it in the module map. */
    static ArchRule modulesOnlyImportDownwards(String root) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("spi").definedBy(root + ".spi..")
                .layer("json").definedBy(root + ".json..")
                .layer("djl").definedBy(root + ".djl..")
                .layer("extractors").definedBy(root + ".extractors..")
                .layer("dictionaries").definedBy(root + ".dictionaries..")
                .layer("attribution").definedBy(root + ".attribution..")
                .layer("visualization").definedBy(root + ".visualization..")
                .layer("report").definedBy(root + ".report..")
                .layer("plugins").definedBy(root + ".plugins..")
                .layer("pipeline").definedBy(root + ".pipeline..")
                .layer("spark").definedBy(root + ".spark..")
                .layer("bench").definedBy(root + ".bench..")
                .layer("cli").definedBy(root + ".cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("spark").mayOnlyBeAccessedByLayers("bench", "cli")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("spark", "bench", "cli")
                .whereLayer("plugins").mayOnlyBeAccessedByLayers("pipeline", "spark", "bench", "cli")
                .whereLayer("report").mayOnlyBeAccessedByLayers("pipeline", "spark", "bench", "cli")
                .whereLayer("attribution").mayOnlyBeAccessedByLayers("pipeline", "spark", "bench", "cli")
                .whereLayer("visualization").mayOnlyBeAccessedByLayers("pipeline", "spark", "bench", "cli")
                .whereLayer("dictionaries").mayOnlyBeAccessedByLayers("pipeline", "spark", "bench", "cli")
                .whereLayer("extractors").mayOnlyBeAccessedByLayers("pipeline", "spark", "bench", "cli")
                .whereLayer("djl").mayOnlyBeAccessedByLayers("extractors", "dictionaries", "pipeline", "spark", "bench",
                        "cli")
                .whereLayer("json").mayOnlyBeAccessedByLayers("extractors", "dictionaries", "report", "pipeline", "spark",
                        "bench", "cli")
                .because("docs/design.md#module-map orders the modules; a lower one never sees a higher one");
    }

    /**
     * Spark and Hadoop (provided by {@code spark-submit} or the caller's class path, never carried by
     * {@code facet.jar}) are named by the spark module alone, so that every other class loads in a JVM
     * without them and a run that asks for Spark there fails with the message of
     * {@code DistributedPasses.require} rather than a {@code NoClassDefFoundError}.
     */
    static ArchRule onlySparkModuleNamesSpark(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..",
                        "scala..")
                .because("facet.jar runs without Spark; the spark module is found through ServiceLoader "
                        + "(docs/spark.md)");
    }
}
