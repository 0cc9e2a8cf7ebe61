package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console still works under its strict Content-Security-Policy (no inline script or style): a
 * headless Chromium loads it from the running gateway, its script fills in health and doors, and the
 * browser reports no CSP violation. Skipped where Chromium is not installed ({@code apt-get install chromium}).
 */
class ConsoleCspIT {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    @Test
    void theConsoleAsksAStrangerToLogInUnderItsStrictPolicyWithoutAViolation() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed");
        String url = "http://127.0.0.1:" + env.cage().gateway.httpPort() + "/";
        Path screenshot = Paths.get("target", "console-csp.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Run dom = chromium(url, "--dump-dom");
        Run shot = chromium(url, "--screenshot=" + screenshot, "--window-size=1280,900");

        for (Run r : List.of(dom, shot)) {
            assertThat(r.log).doesNotContain("Content Security Policy").doesNotContain("Refused to");
        }
        assertThat(dom.out).as("the modules ran: not logged in, the console asked /api/session and showed the login form")
                .containsPattern("<form id=\"login\"").contains("data-k=\"login.title\"").doesNotContain("Cage door");
        assertThat(screenshot).exists();
        System.out.println("[console] screenshot " + screenshot + " (" + Files.size(screenshot) + " bytes)");
    }

    private record Run(String out, String log) {
    }

    private static Run chromium(String url, String... extra) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000"));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Path out = Files.createTempFile("chromium", ".out");
        Path err = Files.createTempFile("chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 60 s");
        }
        String log = Files.readString(err, StandardCharsets.UTF_8);
        System.out.println("[console] chromium exit " + p.exitValue() + "; console lines: "
                + log.lines().filter(l -> l.contains("CONSOLE")).toList());
        return new Run(Files.readString(out, StandardCharsets.UTF_8), log);
    }
}
