package io.cagekeeper.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static Map<String, String> door() {
        Map<String, String> m = new HashMap<>();
        m.put("module.m1.host", "10.1.2.3");
        m.put("door.outer.module", "m1");
        m.put("door.outer.lockRelay", "0");
        m.put("door.outer.positionInput", "0");
        return m;
    }

    @Test
    void appliesDefaultsWhereNothingIsConfigured() {
        GatewayConfig c = ConfigLoader.fromMap(Map.of(), Map.of());
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.database().mode()).isEqualTo(GatewayConfig.DbMode.EMBEDDED);
        assertThat(c.mqtt().mode()).isEqualTo(GatewayConfig.BrokerMode.EMBEDDED);
        assertThat(c.mqtt().prefix()).isEqualTo("cage");
    }

    @Test
    void namesTheVerifiableLogAfterTheSiteAndKeepsItsFilesBesideTheJournal() {
        GatewayConfig c = ConfigLoader.fromMap(Map.of("mqtt.site", "dc7", "journal.dir", "/var/lib/ck/journal"), Map.of());
        assertThat(c.evidence().origin()).isEqualTo("cagekeeper/dc7");
        assertThat(c.evidence().checkpointDir()).isEqualTo(java.nio.file.Path.of("/var/lib/ck/tlog"));
        assertThat(c.evidence().keyFile()).isEqualTo(java.nio.file.Path.of("/var/lib/ck/tlog/log-signing.key"));
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tlog.origin", "two words"), Map.of())).hasMessageContaining("tlog.origin");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tlog.origin", "a+b"), Map.of())).hasMessageContaining("tlog.origin");
    }

    @Test
    void reconcilesNightlyAtHalfPastTwoUnlessToldOtherwiseAndNamesABadTimeOrThresholdsFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThat(ConfigLoader.fromMap(Map.of(), Map.of()).reconciliation().nightlyAt()).isEqualTo(java.time.LocalTime.of(2, 30));
        assertThat(ConfigLoader.fromMap(Map.of("reconciliation.nightlyAt", "off"), Map.of()).reconciliation().nightlyAt()).isNull();
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("reconciliation.nightlyAt", "25:00"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reconciliation.nightlyAt");
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("thresholds.properties"), "revocation.sla=soon\n");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("reconciliation.settings", bad.toString()), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reconciliation.settings").hasMessageContaining("revocation.sla");
        java.nio.file.Path good = java.nio.file.Files.writeString(dir.resolve("ok.properties"), "revocation.sla=PT4H\n");
        assertThat(ConfigLoader.fromMap(Map.of("reconciliation.settings", good.toString()), Map.of()).reconciliation().settingsFile())
                .isEqualTo(good);
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("reconciliation.pdfSignerCert", "signer.crt"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reconciliation.pdfSignerKey");
    }

    @Test
    void takesATimeStampingAuthorityWithItsCertificateOrNoneAndNamesABadOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThat(ConfigLoader.fromMap(Map.of(), Map.of()).evidence().tsa()).isNull();
        java.nio.file.Path cert;
        try (var tsa = io.cagekeeper.sim.tsa.LocalTsa.start("Config TSA")) {
            cert = tsa.writeCertificate(dir.resolve("tsa.pem"));
        }
        GatewayConfig.Tsa t = ConfigLoader.fromMap(Map.of("tlog.tsaUrl", "https://tsa.example.net/tsr", "tlog.tsaCert", cert.toString()),
                Map.of()).evidence().tsa();
        assertThat(t.url()).hasToString("https://tsa.example.net/tsr");
        assertThat(t.cert().getSubjectX500Principal().getName()).isEqualTo("CN=Config TSA");
        assertThat(t.timeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tlog.tsaUrl", "https://tsa.example.net/tsr"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("settings 'tlog.tsaUrl' and 'tlog.tsaCert' go together");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tlog.tsaUrl", "ftp://tsa", "tlog.tsaCert", cert.toString()), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'tlog.tsaUrl' must be an http:// or https:// URL");
        java.nio.file.Path junk = java.nio.file.Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tlog.tsaUrl", "http://tsa", "tlog.tsaCert", junk.toString()), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("setting 'tlog.tsaCert': ").hasMessageContaining("not an X.509");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tlog.tsaUrl", "http://tsa", "tlog.tsaCert", dir.resolve("none").toString()),
                Map.of())).isInstanceOf(ConfigException.class).hasMessage("setting 'tlog.tsaCert': cannot read " + dir.resolve("none"));
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tlog.tsaUrl", "http://tsa", "tlog.tsaCert", cert.toString(),
                "tlog.tsaTimeoutMs", "0"), Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("tlog.tsaTimeoutMs");
    }

    @Test
    void letsTheEnvironmentOverrideTheFile() {
        GatewayConfig c = ConfigLoader.fromMap(door(), Map.of("CAGEKEEPER_HTTP_PORT", "9090", "CAGEKEEPER_MODULE_M1_HOST", "10.9.9.9"));
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.modules().get(0).host()).isEqualTo("10.9.9.9");
    }

    @Test
    void stopsOnABadValueNamingTheSetting() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("http.port", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of(), Map.of("CAGEKEEPER_DB_MODE", "sqlite")))
                .hasMessageContaining("db.mode");
    }

    @Test
    void refusesAnUnknownSettingSoATypoCannotLeaveADefaultInForce() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("http.prot", "80"), Map.of()))
                .hasMessageContaining("unknown setting 'http.prot'");
    }

    @Test
    void refusesPlainHttpOnANonLoopbackAddressNamingTheSettings() {
        for (String host : new String[] {"0.0.0.0", "10.0.0.5", "::", "cage.example"}) {
            assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("http.host", host), Map.of())).as(host)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("'http.host'").hasMessageContaining("'http.tls.cert'");
        }
        for (String host : new String[] {"127.0.0.1", "::1", "localhost"}) {
            assertThat(ConfigLoader.fromMap(Map.of("http.host", host), Map.of()).http().tls()).as(host).isFalse();
        }
        GatewayConfig tls = ConfigLoader.fromMap(Map.of("http.host", "0.0.0.0", "http.tls.cert", "/etc/ck/server.crt",
                "http.tls.key", "/etc/ck/server-key.pem"), Map.of());
        assertThat(tls.http().tls()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("http.tls.cert", "/etc/ck/server.crt"), Map.of()))
                .hasMessageContaining("'http.tls.key'");
    }

    @Test
    void refusesAnAllowedHostThatIsNotAHostName() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("http.allowedHosts", "cage.example,evil example"), Map.of()))
                .hasMessageContaining("http.allowedHosts");
        assertThat(ConfigLoader.fromMap(Map.of("http.allowedHosts", "Cage.Example, desk.example"), Map.of()).http().allowedHosts())
                .containsExactlyInAnyOrder("cage.example", "desk.example");
    }

    @Test
    void refusesTwoDoorsOnOneRelay() {
        Map<String, String> m = door();
        m.put("door.inner.module", "m1");
        m.put("door.inner.lockRelay", "0");
        assertThatThrownBy(() -> ConfigLoader.fromMap(m, Map.of())).hasMessageContaining("door.inner.lockRelay");
    }

    @Test
    void refusesADoorOnAnUnknownModule() {
        Map<String, String> m = door();
        m.put("door.outer.module", "m9");
        assertThatThrownBy(() -> ConfigLoader.fromMap(m, Map.of())).hasMessageContaining("m9");
    }

    @Test
    void refusesAWatchdogShorterThanThreePolls() {
        Map<String, String> m = door();
        m.put("module.m1.pollMs", "500");
        m.put("module.m1.watchdogMs", "1000");
        assertThatThrownBy(() -> ConfigLoader.fromMap(m, Map.of())).hasMessageContaining("module.m1.watchdogMs");
    }

    @Test
    void refusesAWatchdogThatRoundsToZeroInsteadOfDisablingIt() {
        Map<String, String> m = door();
        m.put("module.m1.pollMs", "10");
        m.put("module.m1.watchdogMs", "50");
        assertThatThrownBy(() -> ConfigLoader.fromMap(m, Map.of())).hasMessageContaining("module.m1.watchdogMs")
                .hasMessageContaining("round to 0");
    }

    @Test
    void checksThreePollsAgainstTheWatchdogTheModuleWillActuallyRun() {
        Map<String, String> m = door();
        m.put("module.m1.pollMs", "100");
        m.put("module.m1.watchdogMs", "399"); // written as 3 units = 300 ms: still three polls
        assertThat(ConfigLoader.fromMap(m, Map.of()).module("m1").watchdogUnits()).isEqualTo(3);
        m.put("module.m1.pollMs", "110");
        assertThatThrownBy(() -> ConfigLoader.fromMap(m, Map.of())).hasMessageContaining("module.m1.watchdogMs");
    }

    @Test
    void aZeroWatchdogIsAnExplicitlyDisabledOne() {
        Map<String, String> m = door();
        m.put("module.m1.watchdogMs", "0");
        assertThat(ConfigLoader.fromMap(m, Map.of()).module("m1").watchdogUnits()).isZero();
    }

    @Test
    void neverPrintsTheDatabasePassword() {
        GatewayConfig c = ConfigLoader.fromMap(Map.of("db.mode", "external", "db.password", "s3cret-pw"), Map.of());
        assertThat(c.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void theMonitoringListenerIsOffByDefaultAndNeedsATokenOffLoopback() {
        GatewayConfig.Monitoring off = ConfigLoader.fromMap(Map.of(), Map.of()).monitoring();
        assertThat(off.enabled()).isFalse();
        assertThat(off.token()).isNull();

        GatewayConfig.Monitoring local = ConfigLoader.fromMap(Map.of("metrics.port", "9464"), Map.of()).monitoring();
        assertThat(local.enabled()).isTrue();
        assertThat(local.host()).isEqualTo("127.0.0.1");

        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("metrics.port", "9464", "metrics.host", "0.0.0.0"), Map.of()))
                .hasMessageContaining("metrics.token");
        GatewayConfig.Monitoring remote = ConfigLoader.fromMap(Map.of("metrics.port", "9464", "metrics.host", "0.0.0.0"),
                Map.of("CAGEKEEPER_METRICS_TOKEN", "0123456789abcdef")).monitoring();
        assertThat(remote.token()).isEqualTo("0123456789abcdef");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("metrics.token", "short"), Map.of())).hasMessageContaining("metrics.token");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("metrics.port", "70000"), Map.of())).hasMessageContaining("metrics.port");
    }
}
