package io.cagekeeper.gateway.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Non-secret generated files (broker configuration): replaced on every run, since they are derived. */
final class TextFiles {

    private TextFiles() {
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
