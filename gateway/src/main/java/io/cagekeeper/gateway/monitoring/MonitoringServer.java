package io.cagekeeper.gateway.monitoring;

import io.cagekeeper.gateway.access.Metrics;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring listener ({@code metrics.port}): {@code GET /metrics} in the Prometheus text format
 * (the gateway's counters, its decision latencies as histograms, its status gauges and the JVM's), behind the bearer token
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
    private final Set<String> bound = new HashSet<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    /** What each latency measures. */
    private static final Map<String, String> LATENCIES = Map.of(
            "decision", "a credential's arrival at the gateway to its indication sent back to the reader",
            "decision.recorded", "a credential's arrival at the gateway to its event stored (database or journal)");
    private final byte[] expectedAuthorization;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private HttpServer server;

    private MonitoringServer(Metrics counters, GatewayStatus status, String token) {
        this.counters = counters;
        this.expectedAuthorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        Gauge.builder("cagekeeper.policy.loaded", status, s -> s.policyLoaded() ? 1 : 0)
                .description("1 when a policy is loaded").register(registry);
        Gauge.builder("cagekeeper.policy.version", status, GatewayStatus::policyVersion)
                .description("the loaded policy's version (-1: none)").register(registry);
        Gauge.builder("cagekeeper.journal.events", status, GatewayStatus::journaled)
                .description("events in the local journal, not yet in the database").register(registry);
        Gauge.builder("cagekeeper.mqtt.connected", status, s -> s.mqttConnected() ? 1 : 0)
                .description("1 while connected to the MQTT broker").register(registry);
        Gauge.builder("cagekeeper.ready", status, s -> GatewayStatus.ready(s) ? 1 : 0)
                .description("1 when /health/ready answers 200").register(registry);
        counters.bindLatencies((name, nanos) -> timers.computeIfAbsent(name, n -> Timer.builder("cagekeeper." + n)
                .description(LATENCIES.getOrDefault(n, n)).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gc.bindTo(registry);
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
                .onFailure(e -> m.gc.close());
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> stop() {
        counters.bindLatencies((name, nanos) -> { });
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
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(registry.scrape());
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
