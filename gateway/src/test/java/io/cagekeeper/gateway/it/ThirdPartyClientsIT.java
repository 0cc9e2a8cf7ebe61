package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interoperability with clients we did not write: Debian's mosquitto_pub/mosquitto_sub present a
 * credential and read the indication through the broker, and mbpoll reads and writes the door
 * module's registers. {@code .ci/run} installs both packages; elsewhere these tests are skipped.
 */
class ThirdPartyClientsIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    @Test
    void mosquittoClientsPresentACredentialAndReadTheGrant() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")), "mosquitto-clients not installed");
        String port = env.cage().gateway.brokerUri().substring(env.cage().gateway.brokerUri().lastIndexOf(':') + 1);
        // a reader of its own (keyed like every reader): mosquitto_pub is its radio, the MAC is computed here
        env.cage().change(java.util.List.of(io.cagekeeper.gateway.policy.PolicyStore.upsertReader(
                new io.cagekeeper.policy.model.Reader("r2-in", "d1", io.cagekeeper.policy.model.ReaderSide.ENTRY))));
        String base = "cage/" + env.cage().site + "/readers/r2-in/";
        Process sub = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-d", "-i", "it-sub-" + env.cage().site, "-h", "127.0.0.1", "-p", port, "-q", "1",
                "-t", base + "indicate", "-C", "1", "-W", "20").redirectErrorStream(true).start();
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(sub.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        // publish only once mosquitto_sub's subscription is acknowledged (its -d output says so)
        awaitLine(lines, l -> l.contains("Subscribed"));
        String payload = "{\"v\":1,\"msgId\":\"mosq-1\",\"seq\":900001,\"ts\":\"" + Instant.now().truncatedTo(ChronoUnit.MILLIS)
                + "\",\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}";
        String mac = java.util.Base64.getEncoder().encodeToString(io.cagekeeper.gateway.mqtt.MessageMac.compute(env.cage().key("r2-in"),
                payload.getBytes(StandardCharsets.UTF_8)));
        payload = payload.substring(0, payload.length() - 1) + ",\"mac\":\"" + mac + "\"}";
        run("mosquitto_pub", "-i", "it-pub-" + env.cage().site, "-h", "127.0.0.1", "-p", port, "-q", "1", "-t", base + "credential", "-m", payload);
        JsonObject indication = new JsonObject(awaitLine(lines, l -> l.startsWith("{")));
        sub.waitFor(5, TimeUnit.SECONDS);
        assertThat(indication.getString("replyTo")).isEqualTo("mosq-1");
        assertThat(indication.getString("result")).isEqualTo("GRANT");
        env.cage().awaitRow("SELECT * FROM events WHERE event_key = 'reader:r2-in:mosq-1' AND type = 'ACCESS_GRANTED'");
    }

    @Test
    void mbpollReadsAndWritesTheDoorModulesRegisters() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mbpoll")), "mbpoll not installed");
        String port = Integer.toString(env.cage().module.port());
        // mbpoll addresses are 1-based: -r 101 is holding register 100, the watchdog the gateway configured
        String watchdog = run("mbpoll", "-m", "tcp", "-a", "1", "-p", port, "-t", "4", "-r", "101", "-c", "2", "-1", "127.0.0.1");
        assertThat(watchdog).contains("[101]: \t20").contains("[102]: \t0");
        String firmware = run("mbpoll", "-m", "tcp", "-a", "1", "-p", port, "-t", "3", "-r", "12", "-c", "1", "-1", "127.0.0.1");
        assertThat(firmware).containsPattern("\\[12\\]:\\s+\\d+");
        // write relay DO7 (unused by any door) on, read it back through our own simulator's view
        run("mbpoll", "-m", "tcp", "-a", "1", "-p", port, "-t", "0", "-r", "8", "127.0.0.1", "1");
        assertThat(env.cage().module.coil(7)).isTrue();
        run("mbpoll", "-m", "tcp", "-a", "1", "-p", port, "-t", "0", "-r", "8", "127.0.0.1", "0");
        assertThat(env.cage().module.coil(7)).isFalse();
        // an out-of-range pulse width is refused with exception 03 and changes nothing
        String refused = runAllowingFailure("mbpoll", "-m", "tcp", "-a", "1", "-p", port, "-t", "4", "-r", "8", "127.0.0.1", "6001");
        assertThat(refused.toLowerCase()).contains("illegal data value");
        assertThat(env.cage().module.holdingRegister(7)).isZero();
    }

    private static String awaitLine(java.util.concurrent.BlockingQueue<String> lines, java.util.function.Predicate<String> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(200, TimeUnit.MILLISECONDS);
            if (l != null) {
                seen.add(l);
                if (wanted.test(l)) {
                    return l;
                }
            }
        }
        throw new AssertionError("mosquitto_sub did not print the expected line; it printed " + seen);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    private static String runAllowingFailure(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
