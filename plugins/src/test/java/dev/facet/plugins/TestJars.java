package dev.facet.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes plugin jars from compiled test classes, as a third party would ship them. */
final class TestJars {

    private TestJars() {
    }

    /**
     * A jar holding {@code classes} and, when {@code serviceEntry} is not null, a
     * {@code META-INF/services/dev.facet.spi.Plugin} file with that text.
     */
    static Path jar(Path file, String serviceEntry, Class<?>... classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Class<?> type : classes) {
                String path = type.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(path));
                try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
            if (serviceEntry != null) {
                jar.putNextEntry(new JarEntry(PluginDiscovery.SERVICE_ENTRY));
                jar.write(serviceEntry.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    /** A jar with one plugin class (named in its service entry), its base class and the shared test factory. */
    static Path pluginJar(Path file, Class<?> pluginClass) throws IOException {
        return jar(file, pluginClass.getName() + "\n", pluginClass,
                dev.facet.plugins.testplugins.AbstractTestPlugin.class,
                dev.facet.plugins.testplugins.EchoBackboneFactory.class);
    }
}
