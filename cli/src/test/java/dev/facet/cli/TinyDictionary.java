package dev.facet.cli;

import dev.facet.extractors.BundledModels;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A tiny TopK dictionary (8 concepts) trained through the CLI on 40 bundled Fashion-MNIST images at layer 3. */
final class TinyDictionary {

    private TinyDictionary() {
    }

    /** Extracts to {@code dir/store}, trains to {@code dir/dict} and returns the dictionary directory. */
    static Path train(Path dir) {
        Path store = dir.resolve("store");
        CliRun extract = CliRun.of("extract", "--model", "tiny-vit-fmnist", "--layer", "3", "--images",
                BundledModels.fashionMnistImages().toString(), "--limit", "40", "--batch", "20", "--out", store.toString());
        assertEquals(0, extract.exitCode(), extract.err());
        Path dictionary = dir.resolve("dict");
        CliRun train = CliRun.of("train", "--store", store.toString(), "--learner", "topk", "--out", dictionary.toString(),
                "--concepts", "8", "--k", "2", "--epochs", "1");
        assertEquals(0, train.exitCode(), train.err());
        return dictionary;
    }
}
