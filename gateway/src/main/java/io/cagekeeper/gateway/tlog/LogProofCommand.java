package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.InclusionBundle;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code log-proof}: fetches the inclusion proof of a logged row from a gateway's API (an auditor's
 * or admin's token) and writes it as an inclusion proof file, which {@code evidence}'s
 * {@code VerifyCommand} checks anywhere with the site's public key and Java alone.
 */
@Command(name = "log-proof", mixinStandardHelpOptions = true,
        description = "Writes the inclusion proof of a logged row (an event by default) as a file VerifyCommand checks offline.")
public final class LogProofCommand implements Callable<Integer> {

    @Option(names = "--url", description = "the gateway (default: ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8080")
    String url;

    @Option(names = "--token-file", required = true, description = "a file holding an auditor's or admin's API token")
    Path tokenFile;

    @Option(names = "--kind", description = "event, audit, policy_change, policy_delta or erasure (default: ${DEFAULT-VALUE})",
            defaultValue = "event")
    String kind;

    @Option(names = "--id", required = true, description = "the row's id")
    long id;

    @Option(names = "--size", description = "the tree size of the checkpoint to prove against (default: the latest)")
    Long size;

    @Option(names = {"-o", "--out"}, required = true, description = "the proof file to write")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LogProofCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            URI uri = URI.create(url.replaceAll("/+$", "") + "/api/log/inclusion?kind=" + kind + "&id=" + id
                    + (size == null ? "" : "&size=" + size));
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                    HttpRequest.newBuilder(uri).header("authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                err.println("cagekeeper log-proof: the gateway answered " + r.statusCode() + ": " + r.body());
                return 1;
            }
            JsonObject a = new JsonObject(r.body());
            InclusionBundle b = new InclusionBundle(a.getString("kind"), a.getLong("id"), a.getLong("index"),
                    Base64.getDecoder().decode(a.getString("leaf")), LogProofs.hashes(a.getJsonArray("proof")), a.getString("checkpoint"));
            Files.writeString(out, b.encode(), StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + out + ": " + kind + " " + id + " is leaf #" + b.index()
                    + " of the checkpoint of " + a.getLong("treeSize") + " leaves");
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cagekeeper log-proof: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }
}
