package dev.facet.cli;

import dev.facet.pipeline.PipelineConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code facet run config.json}: the whole pipeline (extract → train → evaluate → importance → report) from one
 * JSON config; run it again after a kill and it resumes where it stopped.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs extract -> train -> evaluate -> importance (when configured) -> report from a JSON pipeline "
                + "config; resumes after a kill.")
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Pipeline config (JSON); relative paths resolve against its folder.")
    private Path config;

    @Mixin
    private PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        PipelineConsole.run(PipelineConfig.read(config), pluginOptions.directories, spec.commandLine().getOut(),
                spec.commandLine().getErr());
        return 0;
    }
}
