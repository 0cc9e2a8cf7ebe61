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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package's unit under a real systemd: {@code target/cagekeeper_<version>_all.deb} extracted,
 * its tree bind-mounted at {@code /opt/cagekeeper} and its {@code cagekeeper.service} started by
 * {@code /lib/systemd/system} 's systemd as PID 1 of a private PID and mount namespace ({@code unshare}), so
 * nothing on the machine is installed or changed: the unit directory, {@code /run}, {@code /opt} and the
 * service user's {@code /etc/passwd} line exist only inside that namespace. The gateway it starts runs
 * against the machine's PostgreSQL and Mosquitto, as on a server.
 *
 * <p>What it shows is what a text check of the unit cannot: that the hardening holds for the running
 * process (its own user, no capabilities, no new privileges, everything read-only but {@code data/} and
 * {@code logs/}) and that the gateway still works inside it; that a crash is restarted and a bad setting
 * is not restarted in a loop. One line of the unit is changed by a drop-in, and said here:
 * {@code DefaultDependencies=no}, since nothing else boots in the namespace (no sysinit.target to order
 * against); the drop-in also sets the site's database, ports and token as {@code /etc/cagekeeper/environment}
 * would, and sends the output to a file instead of the journal.
 *
 * <p>Needs root, {@code unshare}, {@code nsenter}, systemd's binary, {@code dpkg-deb} and
 * {@code -Dcagekeeper.it.backend=external}; {@code .ci/run}'s second pass has them all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemdServiceIT {

    private static final Path SYSTEMD = Path.of("/lib/systemd/systemd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String TOKEN = "systemd-it-token-0123456789";

    @TempDir
    static Path root;

    private Path tree;
    private Path log;
    private String database;
    private int uid;
    private int port;
    private Process boot;
    private long pid1;

    @BeforeAll
    void bootSystemdWithThePackagesUnit() throws Exception {
        assumeTrue("external".equals(System.getProperty("cagekeeper.it.backend")),
                "needs -Dcagekeeper.it.backend=external (PostgreSQL on 127.0.0.1:5432, Mosquitto on 127.0.0.1:1883)");
        assumeTrue("0".equals(output("id", "-u").strip()), "needs root: systemd as PID 1 of a namespace of its own");
        for (String tool : new String[] {"/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/dpkg-deb", SYSTEMD.toString()}) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not on this machine");
        }
        Path deb;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            deb = files.filter(f -> f.getFileName().toString().matches("cagekeeper_.+_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/cagekeeper_<version>_all.deb: run mvn package first"));
        }
        tree = Files.createDirectories(root.resolve("tree"));
        output("dpkg-deb", "-x", deb.toString(), tree.toString());
        uid = freeUid();
        installAsThePostinstWould(tree.resolve("opt/cagekeeper"));

        Path passwd = Files.writeString(root.resolve("passwd"), Files.readString(Path.of("/etc/passwd"))
                + "cagekeeper:x:" + uid + ":" + uid + ":Cagekeeper:/opt/cagekeeper:/usr/sbin/nologin\n");
        Path group = Files.writeString(root.resolve("group"), Files.readString(Path.of("/etc/group")) + "cagekeeper:x:" + uid + ":\n");

        database = "ck_sd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE DATABASE " + database);
        port = freePort();
        log = root.resolve("gateway.log");
        Path units = Files.createDirectories(root.resolve("units/cagekeeper.service.d"));
        Files.copy(tree.resolve("lib/systemd/system/cagekeeper.service"), units.getParent().resolve("cagekeeper.service"));
        Files.writeString(units.resolve("it.conf"), String.join("\n",
                "[Unit]",
                "DefaultDependencies=no",
                "[Service]",
                "Environment=CAGEKEEPER_DB_DATABASE=" + database + " CAGEKEEPER_DB_USER=postgres CAGEKEEPER_HTTP_PORT=" + port
                        + " CAGEKEEPER_MQTT_SITE=" + database.replace('_', '-') + " CAGEKEEPER_METRICS_PORT=" + freePort()
                        + " CAGEKEEPER_METRICS_TOKEN=" + TOKEN,
                "StandardOutput=append:" + log,
                "StandardError=inherit", ""));

        Path script = Files.writeString(root.resolve("boot.sh"), String.join("\n",
                "set -e",
                "mount -t proc proc /proc",
                "mount -t tmpfs tmpfs /run",
                "mount -t tmpfs tmpfs /etc/systemd/system",
                "mount -t tmpfs tmpfs /opt",
                "mkdir /opt/cagekeeper",
                "mount --bind '" + tree.resolve("opt/cagekeeper") + "' /opt/cagekeeper",
                "cp -r '" + units.getParent() + "'/. /etc/systemd/system/",
                "mount --bind '" + passwd + "' /etc/passwd",
                "mount --bind '" + group + "' /etc/group",
                "exec env container=cagekeeper-it " + SYSTEMD + " --system --unit=cagekeeper.service", ""));
        boot = new ProcessBuilder("/usr/bin/unshare", "--pid", "--fork", "--mount", "--propagation", "private", "/bin/bash",
                script.toString()).redirectErrorStream(true).redirectOutput(root.resolve("boot.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pid1 == 0 && System.nanoTime() < deadline) {
            pid1 = boot.toHandle().children().filter(p -> p.info().command().map(c -> c.endsWith("systemd")).orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(0);
            if (pid1 == 0) {
                assertThat(boot.isAlive()).as(Files.readString(root.resolve("boot.log"))).isTrue();
                Thread.sleep(100);
            }
        }
        assertThat(pid1).as("systemd started in the namespace: " + Files.readString(root.resolve("boot.log"))).isPositive();
        Run bus = inNamespace("systemctl", "show", "-p", "Version");
        while (bus.code() != 0 && System.nanoTime() < deadline + Duration.ofSeconds(20).toNanos()) {
            Thread.sleep(100); // its bus socket comes a moment after PID 1 itself
            bus = inNamespace("systemctl", "show", "-p", "Version");
        }
        assertThat(bus.code()).as("systemd answers on its bus: " + bus.output()).isZero();
    }

    /** What the package's postinst does (DistributionIT checks its calls): data/ and logs/ the service's, the rest root's. */
    private void installAsThePostinstWould(Path home) throws Exception {
        for (String dir : new String[] {"data", "logs"}) {
            Path d = Files.createDirectories(home.resolve(dir));
            output("chown", uid + ":" + uid, d.toString());
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        }
        Path keys = Files.createDirectories(home.resolve("keys"));
        output("chgrp", Integer.toString(uid), keys.toString(), home.resolve("conf/cagekeeper.properties").toString());
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(home.resolve("conf/cagekeeper.properties"), PosixFilePermissions.fromString("rw-r-----"));
    }

    @AfterAll
    void stopTheNamespace() throws Exception {
        if (pid1 > 0) {
            ProcessHandle.of(pid1).ifPresent(ProcessHandle::destroyForcibly); // PID 1 gone: the kernel kills the namespace
        }
        if (boot != null) {
            boot.destroyForcibly();
            boot.waitFor(10, TimeUnit.SECONDS);
        }
        if (database != null) {
            sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    @Order(1)
    void theServiceRunsAsItsOwnUserWithoutCapabilitiesOrNewPrivilegesAndAnswers() throws Exception {
        assertThat(awaitHealth()).as(logText()).isEqualTo(200);
        assertThat(show("ActiveState", "SubState")).containsEntry("ActiveState", "active").containsEntry("SubState", "running");
        Map<String, String> status = processStatus(mainPid());
        assertThat(status.get("Uid")).as("real, effective, saved and file-system uid").isEqualTo(String.join("\t",
                Integer.toString(uid), Integer.toString(uid), Integer.toString(uid), Integer.toString(uid)));
        assertThat(status.get("Gid")).startsWith(uid + "\t");
        assertThat(status).containsEntry("CapEff", "0000000000000000").containsEntry("CapPrm", "0000000000000000")
                .containsEntry("CapBnd", "0000000000000000").containsEntry("CapAmb", "0000000000000000")
                .containsEntry("NoNewPrivs", "1");
        assertThat(status.get("Seccomp")).as("a system-call filter (SystemCallArchitectures, RestrictNamespaces …)").isEqualTo("2");
        assertThat(tree.resolve("opt/cagekeeper/data/journal")).as("the journal in data/, owned by the service").isDirectory();
        assertThat(output("stat", "-c", "%u", tree.resolve("opt/cagekeeper/data/journal").toString()).strip())
                .isEqualTo(Integer.toString(uid));
    }

    @Test
    @Order(2)
    void theRunningServiceCannotChangeItsProgramItsConfigurationOrTheSystem() throws Exception {
        long main = mainPid();
        // in the service's own mount namespace, as root: the read-only mounts hold for any user
        for (String path : new String[] {"/opt/cagekeeper/bin/x", "/opt/cagekeeper/lib/x", "/opt/cagekeeper/conf/x", "/etc/x", "/usr/x"}) {
            Run touch = inNamespace("nsenter", "-t", Long.toString(main), "-m", "touch", path);
            assertThat(touch.code()).as(path).isNotZero();
            assertThat(touch.output()).as(path).contains("Read-only file system");
        }
        assertThat(inNamespace("nsenter", "-t", Long.toString(main), "-m", "touch", "/opt/cagekeeper/data/probe").code()).isZero();
        assertThat(inNamespace("nsenter", "-t", Long.toString(main), "-m", "touch", "/opt/cagekeeper/logs/probe").code()).isZero();
        assertThat(inNamespace("nsenter", "-t", Long.toString(main), "-m", "ls", "-A", "/root", "/home").output().lines()
                .filter(Predicate.not(String::isBlank)).filter(l -> !l.endsWith(":")).collect(Collectors.toList()))
                .as("home directories hidden (ProtectHome)").isEmpty();
        assertThat(inNamespace("nsenter", "-t", Long.toString(main), "-m", "ls", "/dev").output().lines().collect(Collectors.toSet()))
                .as("no devices but the pseudo ones (PrivateDevices)").doesNotContain("vda", "sda", "mem", "kmsg");
    }

    @Test
    @Order(3)
    void aCrashedGatewayIsRestartedAndAnswersAgain() throws Exception {
        long before = mainPid();
        assertThat(inNamespace("kill", "-9", Long.toString(before)).code()).isZero();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !(show("NRestarts").get("NRestarts").equals("1") && mainPid() != 0)) {
            Thread.sleep(200);
        }
        assertThat(show("NRestarts")).containsEntry("NRestarts", "1");
        assertThat(mainPid()).isNotEqualTo(before);
        assertThat(awaitHealth()).as(logText()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void systemctlStopStopsTheGatewayCleanlyAndCountsItAsSuccess() throws Exception {
        Run stop = inNamespace("systemctl", "stop", "cagekeeper.service");
        assertThat(stop.code()).as(stop.output()).isZero();
        assertThat(show("ActiveState", "Result")).containsEntry("ActiveState", "inactive").containsEntry("Result", "success");
        assertThat(logText()).contains("gateway stopped cleanly").doesNotContain("\tat ");
    }

    @Test
    @Order(5)
    void aBadSettingFailsTheStartOnceNamingTheSettingAndIsNotRestartedInALoop() throws Exception {
        assertThat(inNamespace("systemctl", "stop", "cagekeeper.service").code()).isZero(); // as after the test before
        Run write = inNamespace("sh", "-c", "printf '[Service]\\nEnvironment=CAGEKEEPER_HTTP_PORT=notaport\\n'"
                + " > /etc/systemd/system/cagekeeper.service.d/zz-bad.conf && systemctl daemon-reload");
        assertThat(write.code()).as(write.output()).isZero();
        Run start = inNamespace("systemctl", "start", "cagekeeper.service"); // Type=simple: returns once the process runs
        assertThat(start.code()).as(start.output()).isZero();
        Thread.sleep(8_000); // past RestartSec=5: a restart would have begun by now
        Map<String, String> state = show("ActiveState", "Result", "ExecMainStatus", "NRestarts");
        assertThat(state).as(logText()).containsEntry("ActiveState", "failed").containsEntry("Result", "exit-code")
                .containsEntry("ExecMainStatus", "2").containsEntry("NRestarts", "0");
        assertThat(logText()).contains("setting 'http.port' must be a whole number").doesNotContain("\tat ");
    }

    record Run(int code, String output) {
    }

    /** A command inside the namespace (its mounts and PIDs: systemctl talks to its systemd). */
    private Run inNamespace(String... command) throws Exception {
        List<String> all = new ArrayList<>(List.of("/usr/bin/nsenter", "-t", Long.toString(pid1), "-m", "-p", "--"));
        all.addAll(List.of(command));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private Map<String, String> show(String... properties) throws Exception {
        Run r = inNamespace("systemctl", "show", "cagekeeper.service", "-p", String.join(",", properties));
        assertThat(r.code()).as(r.output()).isZero();
        return r.output().lines().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    /** The service's main PID as the namespace numbers it (0 while none runs). */
    private long mainPid() throws Exception {
        return Long.parseLong(show("MainPID").get("MainPID"));
    }

    private Map<String, String> processStatus(long pid) throws Exception {
        Run r = inNamespace("cat", "/proc/" + pid + "/status");
        assertThat(r.code()).as(r.output()).isZero();
        return r.output().lines().filter(l -> l.contains(":\t"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')), l -> l.substring(l.indexOf(":\t") + 2).strip()));
    }

    private String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no output yet)";
    }

    /** Polls GET /api/health until it answers (any status) or the start timeout passes. */
    private int awaitHealth() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("no answer on /api/health within " + START_TIMEOUT + ": " + show("ActiveState", "Result"));
    }

    /** A uid above the machine's system and user ranges that /etc/passwd does not hold. */
    private static int freeUid() throws IOException {
        Set<Integer> taken = Files.readAllLines(Path.of("/etc/passwd")).stream().map(l -> l.split(":"))
                .filter(f -> f.length > 2).map(f -> Integer.parseInt(f[2])).collect(Collectors.toSet());
        int candidate = 61_000;
        while (taken.contains(candidate)) {
            candidate++;
        }
        return candidate;
    }

    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    private static void sql(String statement) throws Exception {
        MachineServices.sql("postgres", statement);
    }

    private static int freePort() throws IOException {
        return MachineServices.freePort();
    }
}
