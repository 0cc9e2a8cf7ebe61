package io.cagekeeper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cagekeeper init DIR}: a site's directory layout and a commented example configuration
 * listing every setting. Never writes into a directory that holds anything, so it cannot overwrite a
 * site's configuration or keys.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Creates a site directory: conf/cagekeeper.properties (every setting, commented),",
                "data/ (journal, verifiable log), keys/ (0700: TLS and reader keys) and logs/. Refuses a non-empty DIR."})
final class InitCommand implements Callable<Integer> {

    /** The example configuration, also shipped as conf/cagekeeper.properties in the distribution. */
    static final String EXAMPLE = "cagekeeper.properties";
    static final List<String> DIRECTORIES = List.of("conf", "data", "keys", "logs");

    @Parameters(paramLabel = "DIR", description = "the directory to create (or an empty one)")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            spec.commandLine().getErr().println("cagekeeper init: " + dir + " is not an empty directory: refusing to write into it");
            spec.commandLine().getErr().flush();
            return Cagekeeper.FAILED;
        }
        for (String d : DIRECTORIES) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.setPosixFilePermissions(dir.resolve("keys"), PosixFilePermissions.fromString("rwx------"));
        Path conf = dir.resolve("conf").resolve(EXAMPLE);
        try (InputStream in = example()) {
            Files.copy(in, conf);
        }
        spec.commandLine().getOut().printf("created %s: conf/%s, data/, keys/, logs/%n"
                + "next: set db.* and mqtt.* in %s, then from %s: cagekeeper run --check conf/%s && cagekeeper run conf/%s%n",
                dir, EXAMPLE, conf, dir, EXAMPLE, EXAMPLE);
        spec.commandLine().getOut().flush();
        return 0;
    }

    static InputStream example() {
        InputStream in = InitCommand.class.getResourceAsStream(EXAMPLE);
        if (in == null) {
            throw new IllegalStateException("the example configuration " + EXAMPLE + " is missing from this build");
        }
        return in;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
