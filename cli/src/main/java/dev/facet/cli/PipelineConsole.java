package dev.facet.cli;

import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.PipelineResult;
import dev.facet.pipeline.PipelineRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Runs a pipeline for {@code facet run} and {@code facet demo}: progress bars on stderr, the atlas path on stdout. */
final class PipelineConsole {

    private PipelineConsole() {
    }

    static PipelineResult run(PipelineConfig config, List<Path> pluginDirectories, PrintWriter stdout, PrintWriter stderr) {
        PluginHost.Builder host = PluginHost.builder();
        pluginDirectories.forEach(host::addPluginsDirectory);
        long started = System.nanoTime();
        try (LoadedPlugins plugins = host.build().start()) {
            PipelineResult result = PipelineRunner.builder().setConfig(config).setRegistry(plugins.registry())
                    .optPluginDirectories(pluginDirectories)
                    .optProgress(new ConsoleProgress(stderr, System.console() != null))
                    .optMessages(line -> {
                        synchronized (stderr) {
                            stderr.println(line);
                            stderr.flush();
                        }
                    })
                    .build().run();
            stdout.printf(Locale.ROOT, "Pipeline finished in %.1f s; outputs in %s%n", (System.nanoTime() - started) / 1e9,
                    result.output());
            stdout.println("Atlas: " + result.index().toAbsolutePath());
            stdout.println("Open it in a browser: " + result.index().toAbsolutePath().toUri());
            return result;
        }
    }
}
