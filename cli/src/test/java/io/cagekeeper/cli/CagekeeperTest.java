package io.cagekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.db.Migrations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The {@code cagekeeper} command through its real entry point ({@link Cagekeeper#commandLine()}), argument parsing included. */
class CagekeeperTest {

    record Result(int code, String out, String err) {
    }

    /** Runs the command line as main does, capturing picocli's and the wrapped tools' (System.out/err) output alike. */
    static Result cagekeeper(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(o);
        System.setErr(e);
        try {
            CommandLine cl = Cagekeeper.commandLine();
            cl.setOut(new PrintWriter(o, true));
            cl.setErr(new PrintWriter(e, true));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Stream<String> subcommands() {
        return Stream.of("run", "init", "pki", "policy", "policy lint", "admin", "admin reset", "reconcile", "verify-log",
                "log-proof", "verify", "backup", "restore", "migrate", "version");
    }

    private static void assertOneLineError(Result r) {
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void everySubcommandHasItsHelp(String subcommand) {
        Result r = cagekeeper((subcommand + " --help").split(" "));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Usage: cagekeeper " + subcommand).contains("--help");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theTopLevelHelpListsEverySubcommandAndTheExitCodes() {
        Result r = cagekeeper("--help");
        assertThat(r.code()).isZero();
        subcommands().filter(s -> !s.contains(" ")).forEach(s -> assertThat(r.out()).contains("  " + s + " "));
        assertThat(r.out()).contains("Exit codes:", "usage or configuration error", "reconcile: rows refused");
    }

    @Test
    void theWrappedToolsHelpShowsTheirOwnUsage() {
        assertThat(cagekeeper("pki", "--help").out()).contains("init-ca", "issue-reader", "mosquitto-conf");
        assertThat(cagekeeper("verify", "--help").out()).contains("--document", "--signature", "--export", "--checkpoint", "--tsa-cert");
        assertThat(cagekeeper("admin", "--help").out()).contains("reset");
        assertThat(cagekeeper("policy", "--help").out()).contains("lint");
    }

    @Test
    void noSubcommandIsAUsageErrorOnOneLine() {
        Result r = cagekeeper();
        assertThat(r.code()).isEqualTo(2);
        assertOneLineError(r);
        assertThat(r.err()).contains("missing subcommand", "cagekeeper --help");
    }

    @Test
    void anUnknownSubcommandOrOptionIsAUsageErrorOnOneLine() {
        Result unknown = cagekeeper("start");
        assertThat(unknown.code()).isEqualTo(2);
        assertOneLineError(unknown);
        assertThat(unknown.err()).contains("start");

        Result option = cagekeeper("run", "--bogus");
        assertThat(option.code()).isEqualTo(2);
        assertOneLineError(option);
        assertThat(option.err()).contains("--bogus", "cagekeeper run --help");

        Result format = cagekeeper("run", "--log-format", "xml", "--check");
        assertThat(format.code()).isEqualTo(2);
        assertOneLineError(format);
        assertThat(format.err()).contains("xml");

        Result group = cagekeeper("admin");
        assertThat(group.code()).isEqualTo(2);
        assertThat(group.err()).contains("cagekeeper admin: missing subcommand");
    }

    @Test
    void theWrappedToolsKeepTheirUsageErrorsAndExitCodes() {
        assertThat(cagekeeper("pki").code()).isEqualTo(2);
        assertThat(cagekeeper("pki", "init-ca", "--dir").code()).isEqualTo(2);
        assertThat(cagekeeper("verify", "--key").code()).isEqualTo(2);
        Result reconcile = cagekeeper("reconcile", "--site", "dc1");
        assertThat(reconcile.code()).isEqualTo(2);
        assertThat(cagekeeper("admin", "reset", "--login", "not a login!", "--config", "none.properties").code()).isEqualTo(2);
    }

    @Test
    void pkiRunsThroughTheCommand(@TempDir Path dir) {
        Result r = cagekeeper("pki", "init-ca", "--dir", dir.toString(), "--site", "dc1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dir.resolve("ca.crt")).exists();
        Result again = cagekeeper("pki", "init-ca", "--dir", dir.toString(), "--site", "dc1");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already holds a CA");
    }

    @Test
    void runCheckAcceptsAGoodConfigurationWithoutStartingAnything(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("good.properties"), """
                db.mode = external
                db.host = 127.0.0.1
                db.port = 1
                mqtt.mode = external
                mqtt.uri = tcp://127.0.0.1:1
                module.m1.host = 192.0.2.10
                door.d1.module = m1
                door.d1.lockRelay = 0
                """);
        Result r = cagekeeper("run", "--check", conf.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("configuration OK", "database external", "broker external", "1 module(s)", "1 door(s)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void runCheckRefusesABadConfigurationNamingTheSetting(@TempDir Path dir) throws Exception {
        Path port = Files.writeString(dir.resolve("port.properties"), "db.mode = external\nmqtt.mode = external\nhttp.port = 99999\n");
        Result r = cagekeeper("run", "--check", port.toString());
        assertThat(r.code()).isEqualTo(2);
        assertOneLineError(r);
        assertThat(r.err()).contains("configuration error", "'http.port'", "99999");

        Path typo = Files.writeString(dir.resolve("typo.properties"), "db.mode = external\nmqtt.mode = external\ndb.hots = x\n");
        Result t = cagekeeper("run", typo.toString(), "--check");
        assertThat(t.code()).isEqualTo(2);
        assertOneLineError(t);
        assertThat(t.err()).contains("unknown setting 'db.hots'");

        Result missing = cagekeeper("run", "--check", dir.resolve("absent.properties").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertOneLineError(missing);
        assertThat(missing.err()).contains("cannot read configuration file");
    }

    @Test
    void initWritesTheLayoutAndAnExampleThatDocumentsEverySettingAndPassesTheCheck(@TempDir Path parent) throws Exception {
        Path site = parent.resolve("site");
        Result r = cagekeeper("init", site.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String d : new String[] {"conf", "data", "keys", "logs"}) {
            assertThat(site.resolve(d)).isDirectory();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(site.resolve("keys")))).isEqualTo("rwx------");
        Path conf = site.resolve("conf/cagekeeper.properties");
        String example = Files.readString(conf);
        for (String key : ConfigLoader.settingNames()) {
            assertThat(example).as(key).containsPattern("(?m)^#?" + java.util.regex.Pattern.quote(key) + " =( |$)");
        }
        ConfigLoader.moduleSettingNames().forEach(k -> assertThat(example).contains("module.m1." + k + " = "));
        ConfigLoader.doorSettingNames().forEach(k -> assertThat(example).contains("door.d1." + k + " = "));
        Result check = cagekeeper("run", "--check", conf.toString());
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("database external", "broker external");
    }

    @Test
    void initRefusesADirectoryThatHoldsAnything(@TempDir Path site) throws Exception {
        Path kept = Files.writeString(site.resolve("cagekeeper.properties"), "db.password = keep me\n");
        Result r = cagekeeper("init", site.toString());
        assertThat(r.code()).isEqualTo(1);
        assertOneLineError(r);
        assertThat(r.err()).contains("not an empty directory");
        assertThat(Files.readString(kept)).isEqualTo("db.password = keep me\n");
        assertThat(site.resolve("conf")).doesNotExist();

        Result file = cagekeeper("init", kept.toString());
        assertThat(file.code()).isEqualTo(1);
    }

    @Test
    void initIntoAnExistingEmptyDirectoryWorks(@TempDir Path site) {
        assertThat(cagekeeper("init", site.toString()).code()).isZero();
        assertThat(site.resolve("conf/cagekeeper.properties")).isRegularFile();
    }

    @Test
    void versionSaysTheBuildAndTheSchemaItNeeds() {
        Result r = cagekeeper("version");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(3);
        assertThat(r.out()).containsPattern("(?m)^cagekeeper \\d+\\.\\d+\\.\\d+\\S*$")
                .containsPattern("(?m)^commit (unknown|[0-9a-f]{7,40})$")
                .contains("schema V" + Migrations.newestOnClassPath());
        assertThat(cagekeeper("--version").out()).isEqualTo(r.out());
    }

    @Test
    void aFailureAtRunTimeIsOneLineWithExitCode1(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("closed.properties"),
                "db.mode = external\ndb.host = 127.0.0.1\ndb.port = 1\nmqtt.mode = external\n");
        Result r = cagekeeper("migrate", conf.toString());
        assertThat(r.code()).isEqualTo(1);
        assertOneLineError(r);
        assertThat(r.err()).startsWith("cagekeeper migrate: ");
    }

    @Test
    void migrateRefusesABadConfigurationWithExitCode2(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.properties"), "db.mode = elsewhere\n");
        Result r = cagekeeper("migrate", conf.toString());
        assertThat(r.code()).isEqualTo(2);
        assertOneLineError(r);
        assertThat(r.err()).contains("'db.mode'");
    }

    @Test
    void runCheckOnTheEmbeddedDefaultsSaysTheServerInstallationHasNoEmbeddedDatabase(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("defaults.properties"), "http.port = 8080\n");
        Result r = cagekeeper("run", "--check", conf.toString());
        assertThat(r.code()).isEqualTo(2);
        assertOneLineError(r);
        assertThat(r.err()).contains("no database configured", "set db.mode=external");
    }

    @Test
    void backupRefusesARunningOrMissingEmbeddedStoreAndRestoreAShortPassphrase(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("pg");
        Path embedded = Files.writeString(dir.resolve("embedded.properties"), "db.mode = embedded\ndb.dataDir = " + store + "\n");
        Path pass = Files.writeString(dir.resolve("pass"), "long enough passphrase\n");
        Result backup = cagekeeper("backup", embedded.toString(), "--out", dir.resolve("b.ckbackup").toString(), "--passphrase-file",
                pass.toString());
        assertThat(backup.code()).isEqualTo(1);
        assertOneLineError(backup);
        assertThat(backup.err()).contains("not an embedded PostgreSQL data directory");
        // a store whose postmaster.pid names a live process (this test's own): running, so not copied
        Files.createDirectories(store);
        Files.writeString(store.resolve("PG_VERSION"), "17\n");
        Files.writeString(store.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + store + "\n");
        Result running = cagekeeper("backup", embedded.toString(), "--out", dir.resolve("b.ckbackup").toString(), "--passphrase-file",
                pass.toString());
        assertThat(running.code()).isEqualTo(1);
        assertOneLineError(running);
        assertThat(running.err()).contains("is running (process " + ProcessHandle.current().pid() + ")", "stop the gateway");
        assertThat(dir.resolve("b.ckbackup")).doesNotExist();

        Path external = Files.writeString(dir.resolve("external.properties"), "db.mode = external\nmqtt.mode = external\n");
        Path shortPass = Files.writeString(dir.resolve("short"), "short\n");
        Result restore = cagekeeper("restore", dir.resolve("absent.ckbackup").toString(), external.toString(), "--passphrase-file",
                shortPass.toString());
        assertThat(restore.code()).isEqualTo(1);
        assertOneLineError(restore);
        assertThat(restore.err()).contains("at least 12 characters");

        Result missing = cagekeeper("restore", dir.resolve("absent.ckbackup").toString(), external.toString(), "--passphrase-file",
                pass.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertOneLineError(missing);
        assertThat(missing.err()).startsWith("cagekeeper restore: ").contains("absent.ckbackup");
        assertThat(cagekeeper("backup", external.toString()).code()).as("--out and --passphrase-file are required").isEqualTo(2);
    }
}
