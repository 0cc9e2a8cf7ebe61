package io.cagekeeper.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's whole configuration, loaded once at start by {@link ConfigLoader} and passed by
 * constructor to whatever needs a part of it. Immutable; validated on construction of each part.
 */
public record GatewayConfig(Http http, Database database, Mqtt mqtt, Readers readers, Path journalDir,
                            Duration clockSkewTolerance, List<Module> modules, List<DoorHardware> doors, Evidence evidence,
                            Monitoring monitoring, Reconciliation reconciliation) {

    public GatewayConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(readers, "readers");
        Objects.requireNonNull(journalDir, "journalDir");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(reconciliation, "reconciliation");
        modules = List.copyOf(modules);
        doors = List.copyOf(doors);
        for (DoorHardware d : doors) {
            if (modules.stream().noneMatch(m -> m.id().equals(d.moduleId()))) {
                throw new ConfigException("setting 'door." + d.doorId() + ".module' names unknown module '" + d.moduleId() + "'");
            }
        }
    }

    /**
     * The HTTP API and console. With {@code tlsCert} and {@code tlsKey} (PEM, from {@code pki}) it serves
     * HTTPS and marks session cookies Secure; without them it refuses to listen anywhere but loopback.
     * {@code allowedHosts} are the host names a request's {@code Host} header may name (the loopback
     * names are always allowed): anything else is refused, so a DNS-rebinding page cannot reach the API
     * from an operator's browser. Sessions end after {@code sessionIdle} without a request and at
     * {@code sessionMax} after login. Login failures lock a login out from one address after
     * {@code loginFailuresPerAddressAndLogin} in {@code loginWindow}, and an address after
     * {@code loginFailuresPerAddress}.
     */
    public record Http(String host, int port, Path tlsCert, Path tlsKey, java.util.Set<String> allowedHosts,
                       Duration sessionIdle, Duration sessionMax, int loginFailuresPerAddressAndLogin,
                       int loginFailuresPerAddress, Duration loginWindow, int maxInFlight) {
        public Http {
            allowedHosts = java.util.Set.copyOf(allowedHosts);
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new ConfigException("settings 'http.tls.cert' and 'http.tls.key' must be set together");
            }
            if (tlsCert == null && !loopback(host)) {
                throw new ConfigException("setting 'http.host' is " + host + ": plain HTTP is served only on loopback"
                        + " (127.0.0.1, ::1, localhost); set 'http.tls.cert' and 'http.tls.key' (cagekeeper pki) to serve HTTPS there");
            }
            if (sessionIdle.compareTo(sessionMax) > 0) {
                throw new ConfigException("setting 'http.sessionIdleMinutes' must not exceed 'http.sessionMaxHours'");
            }
        }

        public boolean tls() {
            return tlsCert != null;
        }

        /** True for the loopback names and addresses, where plain HTTP stays on the machine. */
        public static boolean loopback(String host) {
            String h = host.toLowerCase(java.util.Locale.ROOT);
            return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.");
        }
    }

    /**
     * Reader protection. {@code keysDir} holds one {@code <readerId>.key} file (base64 of a 32-byte HMAC
     * key) per reader with a provisioned key; a reader with a key must sign every credential and event.
     * A reader silent (no message, no heartbeat) for {@code silentAfter} is reported silent. A reader
     * without a key is refused unless named in {@code unsigned}. A credential read more than
     * {@code freshness} ago (on the reader's corrected clock) is STALE; a seq jump of more than
     * {@code maxSeqJump} waits for the reader's next message to be believed.
     */
    public record Readers(Path keysDir, double ratePerSecond, int burst, int rejectThreshold, Duration rejectWindow,
                          Duration silentAfter, java.util.Set<String> unsigned, Duration freshness, long maxSeqJump) {
        public Readers {
            unsigned = java.util.Set.copyOf(unsigned);
        }
    }

    public enum DbMode { EMBEDDED, EXTERNAL }

    /**
     * Where events and policy live. EMBEDDED starts a private PostgreSQL in {@code dataDir}
     * (persistent, fsync on, password authentication); EXTERNAL connects to host/port. {@code user} is
     * the gateway's runtime role; {@code migrationUser} (null: the same account) owns the schema, runs the
     * migrations and narrows {@code user}'s rights to what the gateway needs (no UPDATE or DELETE on logs).
     * {@code poolSize} connections serve the device path (decisions, events, policy) and {@code apiPoolSize}
     * others the HTTP API, so that an auditor's query never holds a connection a badge's record waits for.
     */
    public record Database(DbMode mode, Path dataDir, String host, int port, String database, String user,
                           String password, int poolSize, int apiPoolSize, String migrationUser,
                           String migrationPassword) {
        /** Never prints a password. */
        @Override
        public String toString() {
            return "Database[" + mode + (mode == DbMode.EMBEDDED ? " " + dataDir : " " + user + "@" + host + ":" + port + "/" + database
                    + (migrationUser == null ? "" : ", migrations as " + migrationUser)) + "]";
        }
    }

    public enum BrokerMode { EMBEDDED, EXTERNAL }

    /**
     * The MQTT side. EMBEDDED starts Moquette on {@code embeddedHost:embeddedPort}; EXTERNAL connects
     * to {@code uri}. Topics are {@code prefix/site/readers/...}. {@code tlsCa}, {@code tlsCert} and
     * {@code tlsKey} (PEM, from the {@code pki} command) are all set or all null; set, an
     * {@code ssl://} uri connects with that CA as the only trust anchor and that client certificate.
     * The embedded broker refuses clients without a password unless {@code embeddedAllowAnonymous}.
     */
    public record Mqtt(BrokerMode mode, String embeddedHost, int embeddedPort, String uri, String prefix, String site,
                       String clientId, String username, String password, Path tlsCa, Path tlsCert, Path tlsKey,
                       boolean embeddedAllowAnonymous) {
        public String brokerUri() {
            return mode == BrokerMode.EMBEDDED ? "tcp://" + embeddedHost + ":" + embeddedPort : uri;
        }

        /** The same settings logging in as {@code user} with {@code secret} (the embedded broker's generated credentials). */
        public Mqtt withCredentials(String user, String secret) {
            return new Mqtt(mode, embeddedHost, embeddedPort, uri, prefix, site, clientId, user, secret, tlsCa, tlsCert, tlsKey,
                    embeddedAllowAnonymous);
        }

        public boolean tls() {
            return tlsCa != null;
        }

        /** Never prints the password nor the key file. */
        @Override
        public String toString() {
            return "Mqtt[" + brokerUri() + " " + prefix + "/" + site + " as " + clientId
                    + (tls() ? " with client certificate " + tlsCert : "") + "]";
        }
    }

    /**
     * A door I/O module. The watchdog makes the module relock by itself when the gateway stops
     * talking to it; it must be longer than the poll interval.
     */
    public record Module(String id, String host, int port, int unitId, Duration pollInterval, Duration timeout,
                         Duration watchdog) {
        public Module {
            if (!watchdog.isZero() && watchdog.toMillis() / 100 == 0) {
                // the module counts in 100 ms units and 0 there means "disabled": a typo must not switch off the relock
                throw new ConfigException("setting 'module." + id + ".watchdogMs' is " + watchdog.toMillis()
                        + " ms, which the module's 100 ms units round to 0 (watchdog disabled): set at least 100, or 0 to disable");
            }
            if (!watchdog.isZero() && Duration.ofMillis(watchdogUnits(watchdog) * 100L).compareTo(pollInterval.multipliedBy(3)) < 0) {
                throw new ConfigException("setting 'module." + id + ".watchdogMs' must be at least three poll intervals ("
                        + pollInterval.multipliedBy(3).toMillis() + " ms, after rounding down to 100 ms units) or 0 to disable");
            }
        }

        /** The value written to the module's watchdog register (100 ms units, rounded down; 0 only when disabled). */
        public int watchdogUnits() {
            return watchdogUnits(watchdog);
        }

        private static int watchdogUnits(Duration watchdog) {
            return (int) (watchdog.toMillis() / 100);
        }
    }

    public enum LockType {
        /** Strike locked without power: released by energising the relay. */
        FAIL_SECURE,
        /** Maglock open without power: released by de-energising the relay. */
        FAIL_SAFE
    }

    /**
     * How a door is wired to its module. Channels are 0-7; -1 means "not wired". {@code release} is
     * how long a grant releases the lock (the module's pulse width).
     */
    public record DoorHardware(String doorId, String moduleId, int lockRelay, LockType lockType, Duration release,
                               int positionInput, int rexInput, int tamperInput, int fireInput,
                               Duration heldOpen) {
    }

    /**
     * The verifiable log (docs/evidence.md): its {@code origin} (the first line of every checkpoint and the
     * name of its signing key), the signing key file ({@code pki log-key}; made on the first start when
     * missing, with its {@code .pub} beside it) and the directory outside the database where every
     * checkpoint is also written; {@code tsa} the RFC 3161 time-stamping authority that countersigns each
     * checkpoint (null: none).
     */
    public record Evidence(String origin, Path keyFile, Path checkpointDir, Tsa tsa) {
        public Evidence {
            Objects.requireNonNull(keyFile, "keyFile");
            Objects.requireNonNull(checkpointDir, "checkpointDir");
            if (origin == null || origin.isEmpty() || !origin.matches("[\\x21-\\x7e&&[^+]]{1,200}")) {
                throw new ConfigException("setting 'tlog.origin' must be printable ASCII without spaces or '+', got '" + origin + "'");
            }
        }
    }

    /**
     * An RFC 3161 time-stamping authority (docs/evidence.md, "Time-stamps"): where to POST the
     * TimeStampReq of each checkpoint, the TSA's certificate every token is checked against before it is
     * kept (and that auditors are given), and how long to wait for an answer before the checkpoint goes
     * without a token until the next one. A TSA's outage never holds up the log.
     */
    public record Tsa(java.net.URI url, Path certFile, java.security.cert.X509Certificate cert, Duration timeout) {
        public Tsa {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * The gateway's own reconciliations (docs/reconciliation.md, "In the gateway"): the site name the
     * reports carry, the thresholds file ({@code null}: the defaults) and the site-local time of the nightly
     * run over the previous site-local day ({@code null}: no nightly run), how long after start-up a missed
     * night is caught up (not at once: the run's roster would share the heap with the policy's compile), and the report-signing
     * certificate chain and key that sign the reports' PDFs ({@code pki issue-signer}; both null: the PDFs
     * are not signed). The site's time zone is the policy's ({@code Site.timeZone}), not a setting of its own.
     */
    public record Reconciliation(String site, Path settingsFile, java.time.LocalTime nightlyAt, Duration catchUpDelay, Path pdfSignerCert,
                                 Path pdfSignerKey) {
        public Reconciliation {
            Objects.requireNonNull(site, "site");
            if ((pdfSignerCert == null) != (pdfSignerKey == null)) {
                throw new ConfigException("settings 'reconciliation.pdfSignerCert' and 'reconciliation.pdfSignerKey' go together");
            }
        }
    }

    public Module module(String id) {
        return modules.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * The monitoring listener: {@code /metrics} (Prometheus) and {@code /health/live}, {@code /health/ready}
     * on a port of its own, apart from the API, so a scraper needs no API account and an API under load
     * still answers its probes. Port 0 turns it off. {@code token} (null: none) is the bearer token
     * {@code /metrics} asks for; it is required on any address but loopback.
     */
    public record Monitoring(String host, int port, String token) {
        public Monitoring {
            Objects.requireNonNull(host, "host");
            if (token != null && token.length() < 16) {
                throw new ConfigException("setting 'metrics.token' must be at least 16 characters");
            }
            if (port != 0 && token == null && !Http.loopback(host)) {
                throw new ConfigException("setting 'metrics.host' is " + host + ", not loopback: set 'metrics.token' too");
            }
        }

        public boolean enabled() {
            return port != 0;
        }
    }
}
