package io.cagekeeper.cli;

import io.cagekeeper.gateway.db.PgEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's own client tools ({@code pg_dump}, {@code pg_restore}) from the {@code PATH}, connected to
 * an endpoint; the password goes in the child's environment ({@code PGPASSWORD}), never on its command
 * line, where any local user could read it.
 */
final class PgTools {

    private PgTools() {
    }

    /** Runs {@code tool} with the connection options of {@code db} before {@code args}; throws with its first error line. */
    static void run(String tool, PgEndpoint db, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool, "-h", db.host(), "-p", Integer.toString(db.port()), "-U", db.user()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("PGPASSWORD", db.password() == null ? "" : db.password());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(tool + " not found on the PATH: install PostgreSQL's client tools (the server's major version or newer)");
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
            String first = output.isEmpty() ? "exit code " + p.exitValue() : output.lines().findFirst().orElse("");
            throw new IOException(tool + " failed: " + first);
        }
    }
}
