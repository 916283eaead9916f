package dev.kube4j.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The seed's manifests (test resources under {@code /seed/}), copied to files kubectl can read. */
final class Seeds {

    private Seeds() {
    }

    /** A new temporary directory holding the named seed files. */
    static Path copy(String... names) throws IOException {
        Path dir = Files.createTempDirectory("kube4j-seed");
        for (String name : names) {
            try (InputStream in = Seeds.class.getResourceAsStream("/seed/" + name)) {
                if (in == null) {
                    throw new IOException("no seed file " + name);
                }
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        return dir;
    }
}
