package io.cagekeeper.gateway;

import io.cagekeeper.gateway.access.AccessController;
import io.cagekeeper.gateway.access.AccessPorts;
import io.cagekeeper.gateway.access.DecisionRecords;
import io.cagekeeper.gateway.access.DecisionReplay;
import io.cagekeeper.gateway.access.Metrics;
import io.cagekeeper.gateway.access.ReaderGuard;
import io.cagekeeper.gateway.access.ReaderMessageStore;
import io.cagekeeper.gateway.access.ReaderPolicy;
import io.cagekeeper.gateway.alarms.AlarmStore;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.db.EmbeddedDatabase;
import io.cagekeeper.gateway.db.GatewayRole;
import io.cagekeeper.gateway.db.Migrations;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.events.DurableEventLog;
import io.cagekeeper.gateway.events.Journal;
import io.cagekeeper.gateway.events.EventStore;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.http.Admission;
import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.ApiServer;
import io.cagekeeper.gateway.http.Authenticator;
import io.cagekeeper.gateway.api.AlarmsRouter;
import io.cagekeeper.gateway.api.ApprovalStore;
import io.cagekeeper.gateway.api.CredentialsRouter;
import io.cagekeeper.gateway.api.PersonsRouter;
import io.cagekeeper.gateway.api.AuditRouter;
import io.cagekeeper.gateway.api.OccupancyRouter;
import io.cagekeeper.gateway.api.DeskActionsRouter;
import io.cagekeeper.gateway.api.DoorsRouter;
import io.cagekeeper.gateway.api.ApprovalStore;
import io.cagekeeper.gateway.api.EventsRouter;
import io.cagekeeper.gateway.api.GrantsRouter;
import io.cagekeeper.gateway.api.VisitsRouter;
import io.cagekeeper.gateway.api.HealthRouter;
import io.cagekeeper.gateway.api.SessionRouter;
import io.cagekeeper.gateway.api.TokensRouter;
import io.cagekeeper.gateway.api.UsersRouter;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.auth.FirstAdmin;
import io.cagekeeper.gateway.auth.LoginThrottle;
import io.cagekeeper.gateway.auth.Passwords;
import io.cagekeeper.gateway.auth.SessionStore;
import io.cagekeeper.gateway.auth.TokenStore;
import io.cagekeeper.gateway.auth.UserStore;
import io.cagekeeper.gateway.modbus.DoorEvent;
import io.cagekeeper.gateway.modbus.DoorModule;
import io.cagekeeper.gateway.mqtt.EmbeddedBroker;
import io.cagekeeper.gateway.mqtt.MqttReaderAdapter;
import io.cagekeeper.gateway.mqtt.ReaderKeys;
import io.cagekeeper.gateway.monitoring.GatewayStatus;
import io.cagekeeper.gateway.monitoring.MonitoringServer;
import io.cagekeeper.gateway.policy.EngineStateStore;
import io.cagekeeper.gateway.policy.GrantStore;
import io.cagekeeper.gateway.policy.VisitStore;
import io.cagekeeper.gateway.policy.VisitSweeper;
import io.cagekeeper.gateway.policy.Visitors;
import io.cagekeeper.gateway.policy.PolicyHolder;
import io.cagekeeper.gateway.policy.PolicyDeltas;
import io.cagekeeper.gateway.policy.SnapshotArchive;
import io.cagekeeper.gateway.policy.PersonRegistry;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.pin.PinHasher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway assembled from its parts, started and stopped as one. Start order follows the
 * dependencies (database and schema, broker, policy, readers, doors, HTTP); stop runs in reverse, so
 * nothing is accepted from a device once the place to record it is gone.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final Metrics metrics = new Metrics();
    private final Map<String, DoorModule> modules = new LinkedHashMap<>();
    private final Map<String, DoorModule> moduleByDoor = new LinkedHashMap<>();
    private Context context;
    private EmbeddedDatabase embeddedDb;
    private EmbeddedBroker embeddedBroker;
    private PgEndpoint db;
    private Pool pool;
    /** Sessions with synchronous_commit off, for the replay claims on the path of every badge (see ReaderMessageStore). */
    private Pool claimsPool;
    /** The HTTP API's own connections: an auditor's query never holds one a badge's record waits for. */
    private Pool apiPool;
    /** The verifiable log's connections (appender, checkpoints). */
    private Pool logPool;
    /** The HTTP API's own event loop, apart from the device path's {@link #context}. */
    private Context apiContext;
    private Admission admission;
    private ReaderMessageStore readerMessages;
    private EventStore eventStore;
    private volatile DurableEventLog eventLog;
    private ReaderKeys readerKeys = ReaderKeys.none();
    private EngineStateStore engineStateStore;
    private AccessController access;
    private PolicyStore policyStore;
    private volatile PolicyHolder policy;
    /** One thread, off the event loops, where the policy is compiled and patched. */
    private io.vertx.core.WorkerExecutor policyCompiler;
    private SnapshotArchive archive;
    private DecisionRecords decisionRecords;
    private volatile MqttReaderAdapter mqtt;
    /** The OpenAPI document, read while the policy is (see {@link #startApi}). */
    private Future<io.vertx.openapi.contract.OpenAPIContract> apiContract;
    private HttpServer http;
    /** The monitoring listener (metrics.port), or null when off. */
    private MonitoringServer monitoring;
    /** The alarms the monitoring listener counts (on the API's pool), null until the API's pool exists. */
    private volatile AlarmStore alarmStore;
    private long policyWatch = -1;
    private PgConnectOptions connectOptions;
    private io.vertx.pgclient.pubsub.PgSubscriber policySubscriber;
    private long silenceTimer = -1;
    /** Prunes expired sessions and old login failures every 5 minutes, on the API's context (which owns those stores). */
    private long identityPruneTimer = -1;
    private UserStore users;
    private SessionStore sessions;
    private TokenStore tokens;
    private LoginThrottle loginThrottle;
    private Passwords passwords;
    private AuditTrail audit;
    private io.cagekeeper.gateway.tlog.VerifiableLog verifiableLog;
    /** The site's log-signing key: signs the log's checkpoints, and the journal's MAC key derives from it. */
    private io.cagekeeper.evidence.NoteKey siteLogKey;
    /** The first admin's one-time password, when this start created it (printed once; kept for the demo's banner). */
    private String initialAdminPassword;
    private long housekeepingTicks;
    private VisitSweeper visitSweeper;
    private io.cagekeeper.gateway.reconcile.Reconciliations reconciliations;
    private io.cagekeeper.gateway.reconcile.NightlyReconciliation nightly;
    private io.cagekeeper.gateway.reconcile.PdfSigner pdfSigner;
    /** How often checked-in visits past their end are looked for (their badges deactivated, an alarm raised). */
    private static final java.time.Duration VISIT_SWEEP = java.time.Duration.ofSeconds(30);

    /** How far back the claimed keys are loaded at start (replay protection's fallback while the database is unreachable). */
    private static final java.time.Duration RECENT_CLAIMS = java.time.Duration.ofMinutes(5);

    /** Claim group commits side by side (each on a connection of its own). */
    private static final int CLAIM_SHARDS = 2;

    private record Resumed(io.cagekeeper.policy.state.EngineState engineState, ReaderMessageStore.Memory memory) {
    }

    public Gateway(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Starts everything; on failure, whatever had started is stopped again. */
    public Future<Gateway> start() {
        context = vertx.getOrCreateContext();
        Future<Gateway> started = Future.future(p -> context.runOnContext(v -> startMonitoring().compose(m -> startOnContext())
                .onComplete(p)));
        return started.recover(e -> stop().transform(ignored -> Future.failedFuture(e)));
    }

    /**
     * The monitoring listener first (when configured), on the API's event loop, not the device path's:
     * while the rest starts, its readiness probe says "not ready".
     */
    private Future<Void> startMonitoring() {
        return onApiContext(() -> MonitoringServer.start(vertx, config.monitoring(), metrics, new GatewayStatus() {
            @Override
            public boolean policyLoaded() {
                return policy != null && policy.current() != null;
            }

            @Override
            public long policyVersion() {
                var current = policy == null ? null : policy.current();
                return current == null ? -1 : current.version();
            }

            @Override
            public long journaled() {
                return eventLog == null ? 0 : eventLog.waitingInJournal();
            }

            @Override
            public long eventsPending() {
                return eventLog == null ? 0 : eventLog.pending();
            }

            @Override
            public boolean mqttConnected() {
                return mqtt != null && mqtt.connected();
            }

            @Override
            public Future<Map<String, Long>> openAlarms() {
                AlarmStore alarms = alarmStore;
                return alarms == null ? Future.succeededFuture(Map.of()) : alarms.openBySeverity();
            }
        })).map(m -> {
            monitoring = m;
            return null;
        });
    }

    private Future<Gateway> startOnContext() {
        return vertx.executeBlocking(() -> {
                    readerKeys = StartupStep.blocking("loading the readers' keys", () -> ReaderKeys.load(config.readers().keysDir()));
                    LOG.info("{} reader HMAC key(s) loaded: those readers must sign every credential and event; readers"
                            + " without a key are refused", readerKeys.size());
                    for (String id : config.readers().unsigned()) {
                        LOG.warn("reader {} is allowed to run UNSIGNED (readers.unsigned): anyone who can publish to the broker"
                                + " can forge its credentials", id);
                    }
                    siteLogKey = StartupStep.blocking("loading the site's log key", () -> io.cagekeeper.gateway.tlog.LogKey.loadOrCreate(
                            config.evidence().keyFile(), config.evidence().origin()));
                    pdfSigner = StartupStep.blocking("loading the report signing key",
                            () -> io.cagekeeper.gateway.reconcile.Reconciliations.pdfSigner(config.reconciliation()));
                    PgEndpoint owner = StartupStep.blocking("starting or reaching the database", this::startDatabase);
                    String version = StartupStep.blocking("migrating the database schema", () -> Migrations.migrate(owner));
                    LOG.info("database schema at version {} on {}", version, owner);
                    StartupStep.blocking("setting up the gateway's database role", () -> {
                        GatewayRole.apply(owner, db.user());
                        return null;
                    });
                    StartupStep.blocking("starting the embedded MQTT broker", () -> {
                        startBroker();
                        return null;
                    });
                    return null;
                }, false)
                .compose(v -> {
                    // jit off in every session of the gateway: its statements are look-ups by key and keyset pages, and
                    // PostgreSQL's JIT, triggered by a plan's cost estimate (stale statistics after a bulk load make it
                    // high), compiled each inclusion proof for ~300 ms at 10M leaves where the statement itself took 1 ms
                    connectOptions = new PgConnectOptions().setHost(db.host()).setPort(db.port())
                            .setDatabase(db.database()).setUser(db.user()).setPassword(db.password())
                            .setCachePreparedStatements(true).addProperty("jit", "off");
                    pool = PgBuilder.pool()
                            .with(new PoolOptions().setMaxSize(config.database().poolSize()).setConnectionTimeout(2))
                            .connectingTo(connectOptions)
                            .using(vertx)
                            .build();
                    claimsPool = PgBuilder.pool()
                            .with(new PoolOptions().setMaxSize(CLAIM_SHARDS).setConnectionTimeout(2))
                            .connectingTo(new PgConnectOptions(connectOptions).addProperty("synchronous_commit", "off"))
                            .using(vertx)
                            .build();
                    apiPool = PgBuilder.pool()
                            .with(new PoolOptions().setMaxSize(config.database().apiPoolSize()).setConnectionTimeout(2))
                            .connectingTo(connectOptions)
                            .using(vertx)
                            .build();
                    readerMessages = new ReaderMessageStore(claimsPool, CLAIM_SHARDS);
                    eventStore = new EventStore(pool);
                    eventLog = new DurableEventLog(vertx, eventStore, new Journal(config.journalDir(), siteLogKey.derive(Journal.MAC_PURPOSE)), metrics);
                    policyStore = new PolicyStore(pool);
                    archive = new SnapshotArchive(pool);
                    decisionRecords = new DecisionRecords(pool);
                    policyCompiler = vertx.createSharedWorkerExecutor("policy-compiler", 1, 10, TimeUnit.MINUTES);
                    policy = new PolicyHolder(policyStore, new PolicyDeltas(pool), archive, policyCompiler, metrics);
                    // the verifiable log and the identity store need only their own pools: they start while the policy is
                    // read and compiled (seconds at a million badges) instead of after it
                    Future<Void> besides = Future.all(StartupStep.during("starting the verifiable log", this::startLog),
                            StartupStep.during("starting the identity store", () -> onApiContext(this::startIdentity))).mapEmpty();
                    // the API's OpenAPI document is read and checked meanwhile too (about a second), on the API's loop
                    apiContract = Future.future(p -> apiContext.runOnContext(x -> io.cagekeeper.gateway.http.Operations.contract(vertx)
                            .onComplete(p)));
                    return StartupStep.during("starting the event store and its journal", () -> eventLog.start(1_000))
                            .compose(started -> StartupStep.during("reading and compiling the policy", policy::reload))
                            .compose(snapshot -> StartupStep.during("starting the device path (engine state, readers, door modules)",
                                    this::startDevicePath))
                            .compose(devicePath -> besides);
                })
                // the API last, on its own loop: the API pool's connections are created on the context that first asks
                // for them (identity, above, on the same loop), so none of them does its I/O on the device path's thread
                .compose(v -> StartupStep.during("starting the HTTP API", () -> onApiContext(this::startApi)));
    }

    /** The log's appender and checkpoints, on connections of their own: its batches never hold one a badge waits for. */
    private Future<Void> startLog() {
        logPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2).setConnectionTimeout(2))
                .connectingTo(io.cagekeeper.gateway.tlog.LogProofs.utcSessions(connectOptions)).using(vertx).build();
        return io.cagekeeper.gateway.tlog.VerifiableLog.start(vertx, logPool, config.evidence(), siteLogKey, metrics).map(l -> {
            verifiableLog = l;
            return null;
        });
    }

    /** Engine state, change-log subscription, recent claims, the access controller, door modules, then the readers' broker. */
    private Future<Void> startDevicePath() {
        return Future.<Void>succeededFuture()
                .compose(nothing -> {
                    engineStateStore = new EngineStateStore(vertx, pool);
                    return engineStateStore.load();
                })
                .compose(engineState -> policy.listen(vertx, connectOptions).map(sub -> {
                    policySubscriber = sub;
                    return engineState;
                }))
                .compose(engineState -> readerMessages.load(Instant.now().minus(RECENT_CLAIMS), AccessController.RECENT_KEYS)
                        .map(memory -> new Resumed(engineState, memory)))
                .compose(resumed -> {
                    var engineState = resumed.engineState();
                    policyWatch = policy.watch(vertx, 1_000);
                    PinHasher pinHasher = new PinHasher();
                    AccessPorts ports = new AccessPorts(this::release, this::releaseMs,
                            (reader, payload) -> mqtt.indicate(reader, payload), eventLog, readerMessages,
                            (key, recorded) -> decisionRecords.store(key, recorded).onFailure(e ->
                                    LOG.warn("decision {} stored without its replay record: {}", key, e.getMessage())),
                            engineStateStore::save,
                            (hash, pin) -> vertx.executeBlocking(() -> pinHasher.verify(hash, pin), false));
                    var r = config.readers();
                    access = new AccessController(config.mqtt().prefix(), config.mqtt().site(), policy::current,
                            new PolicyEngine(pinHasher), ports,
                            new ReaderPolicy(readerKeys::keyOf, r.unsigned(), r.freshness(), r.maxSeqJump(), config.clockSkewTolerance()),
                            metrics, new ReaderGuard(r.ratePerSecond(), r.burst(), r.rejectThreshold(), r.rejectWindow()),
                            engineState);
                    access.resume(resumed.memory());
                    startModules();
                    silenceTimer = vertx.setPeriodic(1_000, t -> {
                        Instant now = Instant.now();
                        access.flushGaps(now);
                        if (++housekeepingTicks % 5 == 0) {
                            access.checkSilence(now, config.readers().silentAfter());
                            access.prune(now);
                        }
                    });
                    // on the embedded broker the gateway logs in with the password generated for it
                    GatewayConfig.Mqtt mqttConfig = embeddedBroker == null ? config.mqtt()
                            : config.mqtt().withCredentials(embeddedBroker.gatewayUser(), embeddedBroker.gatewayPassword());
                    mqtt = new MqttReaderAdapter(context, mqttConfig, brokerUri(), access::onMessage,
                            up -> metrics.increment(up ? "mqtt.connects" : "mqtt.disconnects"), metrics);
                    return mqtt.start();
                });
    }


    /**
     * Runs {@code start} on the API's own event loop, one that is not the device path's: the HTTP server
     * listens there, so its requests (authentication, queries, JSON) are handled on that thread and never
     * queue in front of a badge's decision. One loop is enough and bounds the API to one core of the
     * machine's; operations that touch device state hop back ({@link io.cagekeeper.gateway.http.Operations#onDeviceSide}).
     */
    private <T> Future<T> onApiContext(java.util.function.Supplier<Future<T>> start) {
        var vx = (io.vertx.core.internal.VertxInternal) vertx;
        io.netty.channel.EventLoop devicePath = ((io.vertx.core.internal.ContextInternal) context).nettyEventLoop();
        io.netty.channel.EventLoop chosen = null;
        for (io.netty.util.concurrent.EventExecutor e : vx.eventLoopGroup()) {
            if (e != devicePath && e instanceof io.netty.channel.EventLoop loop) {
                chosen = loop;
                break;
            }
        }
        apiContext = chosen == null ? context : vx.contextBuilder().withEventLoop(chosen).build();
        return Future.future(p -> apiContext.runOnContext(v -> start.get().onComplete(p)));
    }

    /** The routers on the API's stores and pool, then the HTTP server (on the API's context). */
    private Future<Gateway> startApi() {
        var h = config.http();
        Authenticator auth = new Authenticator(sessions, tokens, h.tls());
        ApprovalStore approvals = new ApprovalStore();
        PolicyStore apiPolicy = new PolicyStore(apiPool);
        EventStore apiEvents = new EventStore(apiPool);
        VisitStore visits = new VisitStore(apiPool);
        Visitors visitors = new Visitors();
        visitSweeper = new VisitSweeper(visits, visitors, apiPolicy, audit, eventLog, java.time.Clock.systemUTC());
        context.runOnContext(v -> visitSweeper.start(vertx, VISIT_SWEEP));
        PersonRegistry personRegistry = new PersonRegistry(apiPool, apiPolicy);
        admission = new Admission(h.maxInFlight());
        alarmStore = new AlarmStore(apiPool);
        // its own records and archive on the API's pool: an auditor's run never holds a connection a badge waits for
        reconciliations = new io.cagekeeper.gateway.reconcile.Reconciliations(new io.cagekeeper.gateway.reconcile.ReconciliationStore(apiPool),
                connectOptions, new DecisionRecords(apiPool), new SnapshotArchive(apiPool), config.reconciliation(),
                () -> policy.current() == null || policy.current().site() == null ? java.time.ZoneOffset.UTC : policy.current().site().timeZone(),
                new io.cagekeeper.gateway.tlog.LogProofs(apiPool, verifiableLog.appender(), verifiableLog.checkpoints()), verifiableLog.key(),
                pdfSigner);
        nightly = new io.cagekeeper.gateway.reconcile.NightlyReconciliation(vertx, reconciliations, java.time.Clock.systemUTC());
        return reconciliations.start().compose(closed -> ApiServer.router(vertx, apiContract, auth, audit, h.allowedHosts(), context, admission, List.of(
                        new SessionRouter(apiPool, users, sessions, loginThrottle, passwords, audit),
                        new UsersRouter(apiPool, users, sessions, passwords, audit),
                        new TokensRouter(apiPool, tokens, audit),
                        new HealthRouter(policy, modules.values(), () -> mqtt.connected(), metrics, access, eventLog,
                                verifiableLog.stamps()::warning),
                        new DoorsRouter(policy, modules.values(), this::release, () -> access.state().threatLevel(), eventLog, audit),
                        new EventsRouter(apiEvents, eventLog, new DecisionReplay(decisionRecords, archive), audit, policy,
                                new io.cagekeeper.gateway.api.ExportSigner(verifiableLog.key(), verifiableLog.checkpoints()::latest)),
                        new OccupancyRouter(apiEvents, policy, apiPolicy, access::state, audit),
                        new AuditRouter(audit),
                        new AlarmsRouter(alarmStore, audit),
                        new DeskActionsRouter(access, policy, audit),
                        new GrantsRouter(new GrantStore(apiPool), approvals, apiPolicy, audit),
                        new VisitsRouter(visits, visitors, approvals, apiPolicy, audit),
                        new PersonsRouter(personRegistry, audit),
                        new CredentialsRouter(personRegistry, approvals, audit, passwords::hash),
                        new io.cagekeeper.gateway.api.EventStreamRouter(vertx, eventStore.stored(), apiEvents),
                        verifiableLog.router(db),
                        new io.cagekeeper.gateway.api.ReconciliationsRouter(reconciliations, audit))))
                .compose(router -> {
                    var options = new io.vertx.core.http.HttpServerOptions();
                    if (h.tls()) {
                        options.setSsl(true).setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
                                .setCertPath(h.tlsCert().toString()).setKeyPath(h.tlsKey().toString()));
                    }
                    return vertx.createHttpServer(options)
                            .invalidRequestHandler(ApiErrors::invalidRequest)
                            .requestHandler(router)
                            .listen(h.port(), h.host());
                })
                .map(server -> {
                    http = server;
                    nightly.start();
                    LOG.info("HTTP API and console on {}://{}:{}/", config.http().tls() ? "https" : "http", config.http().host(),
                            server.actualPort());
                    return this;
                });
    }

    /** Users, sessions, tokens and the audit trail; the first admin on a site's first start (its password printed once). */
    private Future<Void> startIdentity() {
        var h = config.http();
        users = new UserStore(apiPool);
        sessions = new SessionStore(apiPool, h.sessionIdle(), h.sessionMax());
        tokens = new TokenStore(apiPool);
        loginThrottle = new LoginThrottle(apiPool, h.loginFailuresPerAddressAndLogin(), h.loginFailuresPerAddress(), h.loginWindow());
        audit = new AuditTrail(apiPool);
        SessionStore sessionStore = sessions;
        LoginThrottle throttle = loginThrottle;
        identityPruneTimer = vertx.setPeriodic(300_000, t -> {
            Instant now = Instant.now();
            sessionStore.prune(now).onFailure(e -> LOG.debug("session prune: {}", e.getMessage()));
            throttle.prune(now).onFailure(e -> LOG.debug("login failure prune: {}", e.getMessage()));
        });
        return vertx.executeBlocking(() -> new Passwords(vertx), false).compose(p -> {
            passwords = p;
            return FirstAdmin.ensure(apiPool, users, passwords, audit);
        }).map(created -> {
            created.ifPresent(pw -> {
                initialAdminPassword = pw;
                LOG.warn("first start: administrator '{}' created; its one-time password is printed on the console, not in the log",
                        FirstAdmin.LOGIN);
                System.out.println(FirstAdmin.banner(pw));
            });
            return null;
        });
    }

    /** The first admin's one-time password if this start created the site's first user (for the demo's banner), else null. */
    public String initialAdminPassword() {
        return initialAdminPassword;
    }

    public UserStore users() {
        return users;
    }

    public TokenStore tokens() {
        return tokens;
    }

    /** The sweep of visits not checked out by their end (tests run it at a chosen time). */
    public VisitSweeper visitSweeper() {
        return visitSweeper;
    }

    /** The verifiable log (null before start). */
    public io.cagekeeper.gateway.tlog.VerifiableLog verifiableLog() {
        return verifiableLog;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Starts or names the database: sets {@link #db}, the gateway's own role for the pool, and returns
     * the schema owner's endpoint, for migrations only (the same account when no separate one is set).
     */
    private PgEndpoint startDatabase() {
        if (config.database().mode() == GatewayConfig.DbMode.EMBEDDED) {
            embeddedDb = EmbeddedDatabase.start(config.database().dataDir());
            db = embeddedDb.gatewayEndpoint();
            return embeddedDb.ownerEndpoint();
        }
        var d = config.database();
        db = new PgEndpoint(d.host(), d.port(), d.database(), d.user(), d.password());
        return io.cagekeeper.gateway.db.OwnerDatabase.externalOwner(d);
    }

    private void startBroker() {
        if (config.mqtt().mode() == GatewayConfig.BrokerMode.EMBEDDED) {
            int port = config.mqtt().embeddedPort();
            Path store = config.journalDir().toAbsolutePath().resolveSibling("broker");
            embeddedBroker = EmbeddedBroker.start(config.mqtt().embeddedHost(), port == 0 ? freePort() : port, store,
                    new EmbeddedBroker.Access(config.mqtt().prefix(), config.mqtt().site(), config.mqtt().clientId(),
                            store.resolveSibling("broker-secrets"), config.mqtt().embeddedAllowAnonymous()));
        }
    }

    private void startModules() {
        for (GatewayConfig.Module m : config.modules()) {
            List<GatewayConfig.DoorHardware> doors = new ArrayList<>();
            for (var d : config.doors()) {
                if (d.moduleId().equals(m.id())) {
                    doors.add(d);
                }
            }
            // the last contact with each module is kept beside the event journal, across gateway runs
            DoorModule module = new DoorModule(vertx, m, doors, this::onDoorEvent,
                    door -> access.syncDoor(door.doorId(), door.isOpen(), door.isLockReleased()), config.journalDir(), metrics);
            modules.put(m.id(), module);
            doors.forEach(d -> moduleByDoor.put(d.doorId(), module));
            module.start();
        }
    }

    private long releaseMs(String doorId) {
        DoorModule m = moduleByDoor.get(doorId);
        return m == null ? 0L : m.releaseMs(doorId);
    }

    private Future<Void> release(String doorId) {
        DoorModule m = moduleByDoor.get(doorId);
        return m == null ? Future.failedFuture("door " + doorId + " has no lock configured") : m.release(doorId);
    }

    private void onDoorEvent(DoorEvent e) {
        metrics.increment("events." + e.type().name());
        if (access != null) {
            access.doorFact(e.type(), e.doorId(), anyFireAlarm());
        }
        GatewayEvent ge = new GatewayEvent(e.source() + ":" + UUID.randomUUID(), e.type(), e.source(), e.doorId(), null, null,
                Instant.now(), null, null, null, null, null, null, e.sentence(), null, e.detail());
        eventLog.append(ge).onFailure(err -> LOG.error("door event {} neither stored nor journaled: {}", ge.key(), err.getMessage()));
    }

    private boolean anyFireAlarm() {
        for (DoorModule m : modules.values()) {
            if (m.fireAlarmActive()) {
                return true;
            }
        }
        return false;
    }

    public AccessController access() {
        return access;
    }

    public EngineStateStore engineStateStore() {
        return engineStateStore;
    }

    /** The broker the gateway talks to: the embedded one, or the configured one. */
    public String brokerUri() {
        return embeddedBroker != null ? embeddedBroker.uri() : config.mqtt().uri();
    }

    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** The embedded broker, or null when the gateway uses an external one. */
    public EmbeddedBroker embeddedBroker() {
        return embeddedBroker;
    }

    public PgEndpoint database() {
        return db;
    }

    public PolicyStore policyStore() {
        return policyStore;
    }

    public PolicyHolder policy() {
        return policy;
    }

    public EventStore events() {
        return eventStore;
    }

    public DurableEventLog eventLog() {
        return eventLog;
    }

    /** The monitoring listener's port, or -1 when it is off (metrics.port 0). */
    public int monitoringPort() {
        return monitoring == null ? -1 : monitoring.port();
    }

    public Metrics metrics() {
        return metrics;
    }

    public Map<String, DoorModule> modules() {
        return modules;
    }

    /** Stops everything that started, in reverse order. Never fails. */
    public Future<Void> stop() {
        Future<Void> f = Future.succeededFuture();
        if (http != null) {
            f = f.compose(v -> http.close()).otherwiseEmpty();
        }
        if (policyWatch >= 0) {
            vertx.cancelTimer(policyWatch);
        }
        if (policySubscriber != null) {
            f = f.compose(v -> policySubscriber.close()).otherwiseEmpty();
        }
        if (identityPruneTimer >= 0) {
            vertx.cancelTimer(identityPruneTimer);
        }
        if (silenceTimer >= 0) {
            vertx.cancelTimer(silenceTimer);
        }
        if (nightly != null) {
            nightly.stop();
        }
        if (reconciliations != null) {
            reconciliations.close();
        }
        if (visitSweeper != null) {
            visitSweeper.stop(vertx);
        }
        if (mqtt != null) {
            f = f.compose(v -> mqtt.stop()).otherwiseEmpty();
        }
        if (access != null && context != null) {
            // what the broker delivered before the disconnect is written before the event log closes (at most 5 s)
            f = f.compose(v -> Future.<Void>future(p -> context.runOnContext(x -> access.drained().onComplete(p)))
                    .timeout(5, TimeUnit.SECONDS)).otherwiseEmpty();
        }
        f = f.compose(v -> Future.join(modules.values().stream().map(DoorModule::stop).toList())).otherwiseEmpty().mapEmpty();
        if (eventLog != null) {
            f = f.compose(v -> eventLog.stop()).otherwiseEmpty();
        }
        if (verifiableLog != null) {
            f = f.compose(v -> verifiableLog.stop()).otherwiseEmpty();
        }
        if (pool != null) {
            f = f.compose(v -> pool.close()).otherwiseEmpty();
        }
        if (policyCompiler != null) {
            f = f.compose(v -> policyCompiler.close()).otherwiseEmpty();
        }
        if (logPool != null) {
            f = f.compose(v -> logPool.close()).otherwiseEmpty();
        }
        if (apiPool != null) {
            f = f.compose(v -> apiPool.close()).otherwiseEmpty();
        }
        if (claimsPool != null) {
            f = f.compose(v -> claimsPool.close()).otherwiseEmpty();
        }
        return f.compose(v -> vertx.executeBlocking(() -> {
            if (embeddedBroker != null) {
                embeddedBroker.close();
            }
            if (embeddedDb != null) {
                embeddedDb.close();
            }
            return null;
        }, false)).otherwiseEmpty().compose(v -> monitoring == null ? Future.<Void>succeededFuture() : monitoring.stop())
                .otherwiseEmpty().mapEmpty();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
