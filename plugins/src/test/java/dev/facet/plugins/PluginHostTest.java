package dev.facet.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.plugins.testplugins.BadFactoryIdPlugin;
import dev.facet.plugins.testplugins.BrokenConstructorPlugin;
import dev.facet.plugins.testplugins.EchoBackboneFactory;
import dev.facet.plugins.testplugins.FutureSpiPlugin;
import dev.facet.plugins.testplugins.GoodTestPlugin;
import dev.facet.plugins.testplugins.TwinTestPlugin;
import dev.facet.spi.backbone.BackboneFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {

    @TempDir
    Path dir;

    private static List<String> messages(PluginWiringException e) {
        return e.problems().stream().map(WiringProblem::toString).toList();
    }

    @Test
    void loadsADirectoryPluginThroughItsOwnClassLoader() throws Exception {
        TestJars.pluginJar(dir.resolve("good.jar"), GoodTestPlugin.class);
        try (LoadedPlugins plugins = PluginHost.builder().addPluginsDirectory(dir).build().start()) {
            FacetRegistry registry = plugins.registry();
            assertEquals(List.of("test-good"),
                    registry.plugins().stream().map(p -> p.descriptor().id()).toList());
            LoadedPlugin good = registry.plugins().get(0);
            assertTrue(good.source().fromDirectory());
            assertEquals("good.jar", good.source().describe());
            BackboneFactory echo = registry.backbone("echo");
            assertInstanceOf(PluginClassLoader.class, echo.getClass().getClassLoader());
            assertNotSame(EchoBackboneFactory.class, echo.getClass(), "the plugin's copy of the class, not the host's");
            assertEquals(Set.of("echo"), registry.ids(ComponentKind.BACKBONE));
        }
    }

    @Test
    void aSubdirectoryOfJarsIsOnePlugin() throws Exception {
        Path plugin = dir.resolve("my-plugin");
        TestJars.jar(plugin.resolve("a-main.jar"), GoodTestPlugin.class.getName(), GoodTestPlugin.class,
                dev.facet.plugins.testplugins.AbstractTestPlugin.class);
        TestJars.jar(plugin.resolve("b-dependency.jar"), null, EchoBackboneFactory.class);
        try (LoadedPlugins plugins = PluginHost.builder().optScanClasspath(false).addPluginsDirectory(dir).build().start()) {
            LoadedPlugin loaded = plugins.registry().plugins().get(0);
            assertEquals("test-good", loaded.descriptor().id());
            assertEquals("my-plugin/", loaded.source().describe());
            assertEquals(2, loaded.source().locations().size());
            assertEquals("echo", plugins.registry().backbone("echo").id());
        }
    }

    @Test
    void reportsEveryProblemTogetherNamingTheJars() throws Exception {
        Files.writeString(dir.resolve("corrupt.jar"), "this is not a zip file");
        TestJars.jar(dir.resolve("no-service.jar"), null, GoodTestPlugin.class);
        TestJars.jar(dir.resolve("empty-service.jar"), "# nothing here\n", GoodTestPlugin.class);
        TestJars.pluginJar(dir.resolve("a.jar"), GoodTestPlugin.class);
        TestJars.pluginJar(dir.resolve("b.jar"), GoodTestPlugin.class);
        TestJars.pluginJar(dir.resolve("future.jar"), FutureSpiPlugin.class);
        TestJars.pluginJar(dir.resolve("broken.jar"), BrokenConstructorPlugin.class);
        TestJars.pluginJar(dir.resolve("badid.jar"), BadFactoryIdPlugin.class);
        TestJars.jar(dir.resolve("missing-class.jar"), "com.example.DoesNotExist\n");
        Files.writeString(dir.resolve("README.txt"), "not a jar, ignored");

        PluginWiringException e = assertThrows(PluginWiringException.class,
                () -> PluginHost.builder().addPluginsDirectory(dir).build().start());
        List<String> problems = messages(e);
        assertEquals(8, problems.size(), String.join("\n", problems));
        assertTrue(problems.contains("corrupt.jar: not a readable jar (zip END header not found)"), problems.toString());
        assertTrue(problems.contains("no-service.jar: no META-INF/services/dev.facet.spi.Plugin entry; a Facet plugin "
                + "jar names its Plugin implementation there"), problems.toString());
        assertTrue(problems.contains("empty-service.jar: META-INF/services/dev.facet.spi.Plugin names no Plugin class"),
                problems.toString());
        assertTrue(problems.contains("test-good: duplicate plugin id 'test-good' in a.jar and b.jar"), problems.toString());
        assertTrue(problems.contains("future.jar: plugin 'test-future' was built for Facet SPI version 99; this Facet "
                + "supports SPI version 1"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("broken.jar: cannot instantiate plugin")
                && p.contains("constructor failed on purpose")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("badid.jar: plugin 'test-bad-factory' (badid.jar): "
                + "invalid backbone id 'Bad Id'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("missing-class.jar:")
                && p.contains("com.example.DoesNotExist")), problems.toString());
        assertTrue(e.getMessage().startsWith("Plugin wiring failed with 8 problems:"), e.getMessage());
    }

    @Test
    void duplicateFactoryIdsNameBothPluginsAndJars() throws Exception {
        TestJars.pluginJar(dir.resolve("good.jar"), GoodTestPlugin.class);
        TestJars.pluginJar(dir.resolve("twin.jar"), TwinTestPlugin.class);
        PluginWiringException e = assertThrows(PluginWiringException.class,
                () -> PluginHost.builder().addPluginsDirectory(dir).build().start());
        assertEquals(List.of("echo: duplicate backbone id 'echo' from plugin 'test-good' (good.jar) and plugin "
                + "'test-twin' (twin.jar)"), messages(e));
    }

    @Test
    void nothingFoundAndMissingDirectoriesAreProblems() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            PluginWiringException none = assertThrows(PluginWiringException.class,
                    () -> PluginHost.builder().optClassLoader(empty).addPluginsDirectory(dir).build().start());
            assertEquals(List.of("discovery: no Facet plugins found on the classpath or in [" + dir + "]"), messages(none));
        }
        Path absent = dir.resolve("absent");
        PluginWiringException missing = assertThrows(PluginWiringException.class,
                () -> PluginHost.builder().addPluginsDirectory(absent).build().start());
        assertEquals(List.of(absent + ": plugins directory does not exist or is not a directory"), messages(missing));
    }
}
