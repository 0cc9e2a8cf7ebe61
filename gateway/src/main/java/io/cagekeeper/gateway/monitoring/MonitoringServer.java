package io.cagekeeper.gateway.monitoring;

import io.cagekeeper.gateway.access.Metrics;
import io.cagekeeper.gateway.alarms.Severity;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring listener ({@code metrics.port}): {@code GET /metrics} in the Prometheus text format
 * (the gateway's counters, its latencies as histograms ({@link #LATENCIES}), its status gauges, open alarms by severity
 * and the JVM's), behind the bearer token
 * {@code metrics.token} when one is set; {@code GET /health/live} (200 while the process serves) and
 * {@code GET /health/ready} (200 once a policy is loaded and nothing waits in the journal, else 503),
 * without a token, for service managers and load balancers. Apart from the API's listener, so that no
 * API account is needed to scrape and a loaded API does not starve the probes.
 */
public final class MonitoringServer {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringServer.class);
    /** Prometheus text exposition format 0.0.4 (what PrometheusMeterRegistry.scrape() writes). */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Metrics counters;
    private final GatewayStatus status;
    private final Set<String> bound = new HashSet<>();
    /** Open alarms by severity as of the last scrape (NaN when the database could not be asked). */
    private final Map<Severity, Double> openAlarms = new ConcurrentHashMap<>();

    /** What a timing measures and the range its histogram's buckets cover. */
    record Latency(String description, Duration min, Duration max) {
    }

    /** Every timing the gateway makes ({@link Metrics#timing}), by name: its meter is {@code cagekeeper.<name>}, in seconds. */
    static final Map<String, Latency> LATENCIES = Map.of(
            "decision", new Latency("a credential's arrival at the gateway to its indication sent back to the reader "
                    + "(includes the door's release)", Duration.ofMillis(1), Duration.ofSeconds(10)),
            "decision.acknowledged", new Latency("a credential's arrival at the gateway to the broker's PUBACK of its indication: "
                    + "end to end, as far as the gateway sees", Duration.ofMillis(1), Duration.ofSeconds(10)),
            "decision.recorded", new Latency("a credential's arrival at the gateway to its event stored (database or journal)",
                    Duration.ofMillis(1), Duration.ofSeconds(10)),
            "decision.engine", new Latency("the policy engine's evaluation of one credential", Duration.ofNanos(1_000),
                    Duration.ofMillis(100)),
            "mqtt.publish", new Latency("an indication's PUBLISH to the broker's PUBACK (QoS 1)", Duration.ofNanos(100_000),
                    Duration.ofSeconds(30)),
            "mqtt.ack", new Latency("a reader message's arrival to the gateway's PUBACK, sent once what it caused is durable",
                    Duration.ofNanos(100_000), Duration.ofSeconds(30)),
            "modbus.transaction", new Latency("an answered Modbus TCP transaction with a door module, by module and operation "
                    + "(poll: 1-4 requests; write: a relay or register; read: a read-back)", Duration.ofNanos(100_000),
                    Duration.ofSeconds(5)),
            "events.store", new Latency("an event's acceptance by the event log to its being durable (stored, journaled or "
                    + "quarantined): the event store's lag", Duration.ofNanos(100_000), Duration.ofSeconds(60)),
            "policy.reload", new Latency("a policy change brought into force: kind full (the whole policy read and compiled) or "
                    + "patch (logged changes read and patched in)", Duration.ofMillis(1), Duration.ofMinutes(5)));
    private final byte[] expectedAuthorization;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private HttpServer server;

    private MonitoringServer(Metrics counters, GatewayStatus status, String token) {
        this.counters = counters;
        this.status = status;
        this.expectedAuthorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        Gauge.builder("cagekeeper.policy.loaded", status, s -> s.policyLoaded() ? 1 : 0)
                .description("1 when a policy is loaded").register(registry);
        Gauge.builder("cagekeeper.policy.version", status, GatewayStatus::policyVersion)
                .description("the loaded policy's version (-1: none)").register(registry);
        Gauge.builder("cagekeeper.journal.events", status, GatewayStatus::journaled)
                .description("events in the local journal, not yet in the database").register(registry);
        Gauge.builder("cagekeeper.events.pending", status, GatewayStatus::eventsPending)
                .description("events accepted by the event log and not yet durable").register(registry);
        Gauge.builder("cagekeeper.mqtt.connected", status, s -> s.mqttConnected() ? 1 : 0)
                .description("1 while connected to the MQTT broker").register(registry);
        Gauge.builder("cagekeeper.ready", status, s -> GatewayStatus.ready(s) ? 1 : 0)
                .description("1 when /health/ready answers 200").register(registry);
        for (Severity severity : Severity.values()) {
            Gauge.builder("cagekeeper.alarms.open", openAlarms, m -> m.getOrDefault(severity, Double.NaN))
                    .tag("severity", severity.name().toLowerCase(Locale.ROOT))
                    .description("alarms not cleared (active or acknowledged), as of this scrape").register(registry);
        }
        counters.bindTimings(this::timer);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** The histogram behind one timing: registered once, when the timing is made or bound; recording allocates nothing. */
    private LongConsumer timer(String name, List<String> tags) {
        Latency l = LATENCIES.get(name);
        if (l == null) {
            throw new IllegalArgumentException("timing " + name + " has no description in MonitoringServer.LATENCIES");
        }
        Timer t = Timer.builder("cagekeeper." + name).tags(tags.toArray(String[]::new)).description(l.description())
                .publishPercentileHistogram().minimumExpectedValue(l.min()).maximumExpectedValue(l.max()).register(registry);
        return nanos -> t.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Starts the listener {@code config} names; null when it is off (port 0). */
    public static Future<MonitoringServer> start(Vertx vertx, GatewayConfig.Monitoring config, Metrics counters, GatewayStatus status) {
        if (!config.enabled()) {
            return Future.succeededFuture(null);
        }
        MonitoringServer m = new MonitoringServer(counters, status, config.token());
        Router router = Router.router(vertx);
        router.get("/metrics").handler(m::metrics);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "live")));
        router.get("/health/ready").handler(ctx -> {
            boolean ready = GatewayStatus.ready(status);
            json(ctx, ready ? 200 : 503, new JsonObject().put("status", ready ? "ready" : "not ready")
                    .put("policyLoaded", status.policyLoaded()).put("journaled", status.journaled()));
        });
        return vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host())
                .map(server -> {
                    m.server = server;
                    LOG.info("monitoring on http://{}:{}/ (/metrics{}, /health/live, /health/ready)", config.host(),
                            server.actualPort(), config.token() == null ? "" : " with its bearer token");
                    return m;
                })
                .onFailure(e -> {
                    counters.bindTimings(null);
                    m.gc.close();
                });
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> stop() {
        counters.bindTimings(null);
        gc.close();
        registry.close();
        return server.close();
    }

    private void metrics(RoutingContext ctx) {
        if (expectedAuthorization != null) {
            String given = ctx.request().getHeader("Authorization");
            if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
                ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"cagekeeper-metrics\"").end();
                return;
            }
        }
        bindNewCounters();
        status.openAlarms().onComplete(ar -> {
            if (ar.succeeded()) {
                for (Severity severity : Severity.values()) {
                    openAlarms.put(severity, ar.result().getOrDefault(severity.name(), 0L).doubleValue());
                }
            } else {
                LOG.debug("open alarms not counted: {}", ar.cause().getMessage());
                openAlarms.clear();
            }
            ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(registry.scrape());
        });
    }

    /** The gateway creates a counter at its first increment: each is bound to the registry at the first scrape after. */
    private synchronized void bindNewCounters() {
        for (String name : counters.names()) {
            if (bound.add(name)) {
                MeterNames.Meter meter = MeterNames.of(name);
                if (meter != null) {
                    FunctionCounter.builder(meter.name(), counters, c -> c.get(name)).tags(meter.tags()).register(registry);
                }
            }
        }
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
