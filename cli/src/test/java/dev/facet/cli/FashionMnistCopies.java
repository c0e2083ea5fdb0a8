package dev.facet.cli;

import dev.facet.extractors.BundledModels;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Many images for long extractions: the bundled 2,000 Fashion-MNIST images repeated, as one IDX file. */
final class FashionMnistCopies {
    /** Images of the bundled file. */
    static final int BUNDLED = 2000;

    private FashionMnistCopies() {
    }

    /** Writes the bundled images {@code copies} times to {@code file} and returns it. */
    static Path write(Path file, int copies) throws IOException {
        byte[] bundled = Files.readAllBytes(BundledModels.fashionMnistImages());
        int count = ByteBuffer.wrap(bundled, 4, 4).getInt();
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(0x00000803);
            out.writeInt(count * copies);
            out.writeInt(28);
            out.writeInt(28);
            for (int copy = 0; copy < copies; copy++) {
                out.write(bundled, 16, count * 28 * 28);
            }
        }
        return file;
    }
}
