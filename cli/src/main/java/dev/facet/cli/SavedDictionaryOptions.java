package dev.facet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dict} and {@code --learner}: a saved dictionary and the learner that loads it. */
final class SavedDictionaryOptions {

    @Option(names = "--dict", required = true, paramLabel = "DIR", description = "Dictionary directory made by facet train.")
    Path directory;

    @Option(names = "--learner", paramLabel = "ID",
            description = "Learner that loads the dictionary (default: the one named in its config.json).")
    String learner;
}
