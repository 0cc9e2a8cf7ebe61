package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.cagekeeper.gateway.auth.Role;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Hostile text in every text field of every operation that takes a JSON body (read from
 * {@code openapi.yaml}, so a new operation is attacked too): SQL injection and script strings, a NUL,
 * a lone surrogate, 10 KB of text; then a body nested 100 deep and wrong content types. Text that
 * PostgreSQL cannot store or that is too large is always refused (4xx, the JSON error, no stack
 * trace, no echo of the input beyond 300 characters, no row changed). SQL and script strings are
 * ordinary text to this API: where a field's schema allows them (a reason, a display name) they are
 * accepted and stored as text — the test then checks the database is intact — and elsewhere refused.
 * Nothing is ever a 5xx. Last, the gateway's log output (captured with a logback appender, at DEBUG
 * for the gateway's own loggers) and the audit trail hold none of the passwords and tokens used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    static final OpenApiDocument DOC = OpenApiDocument.load();
    static final String CANARY = "canary-secret-" + UUID.randomUUID();
    static final String LONG = "a".repeat(10 * 1024);
    /** Label → the JSON literal sent in place of a field's value. */
    static final Map<String, String> HOSTILE = new LinkedHashMap<>();
    /** What is refused wherever it is put. */
    static final Set<String> ALWAYS_REFUSED = Set.of("NUL", "lone surrogate", "10 KB");

    static {
        HOSTILE.put("sql drop", "\"'; DROP TABLE events; --\"");
        HOSTILE.put("sql or", "\"' OR '1'='1\"");
        HOSTILE.put("script", "\"<script>alert(1)</script>\"");
        HOSTILE.put("NUL", "\"a\\u0000b\"");
        HOSTILE.put("lone surrogate", "\"\\ud800\"");
        HOSTILE.put("10 KB", "\"" + LONG + "\"");
    }

    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    static Level gatewayLevel;
    static ApiClient all;
    static final List<String> secrets = new ArrayList<>();

    static {
        // attached when the class loads, before the extension starts the cage: the start's own lines are checked too
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LOGS.setContext(context);
        LOGS.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(LOGS);
        Logger gateway = context.getLogger("io.cagekeeper");
        gatewayLevel = gateway.getLevel();
        gateway.setLevel(Level.DEBUG);
    }

    @BeforeAll
    static void makeCallers() throws Exception {
        all = ApiClient.token(() -> env.cage().gateway);
        secrets.add(all.bearer());
        // the first admin's one-time password is printed on the console once, never logged
        assertThat(env.cage().gateway.initialAdminPassword()).isNotNull();
        secrets.add(env.cage().gateway.initialAdminPassword());
        // a real login and a real password change, so their passwords are among what must not be logged
        Caller user = Caller.session(() -> env.cage().gateway, Role.FACILITIES);
        secrets.add(user.password());
        secrets.add(user.client().cookie("ck_session"));
        secrets.add(user.client().cookie("ck_csrf"));
        var changed = user.client().post("/api/session/password", new JsonObject().put("currentPassword", user.password())
                .put("newPassword", CANARY).encode());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        secrets.add(CANARY);
    }

    @AfterAll
    static void stopCapturing() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(LOGS);
        context.getLogger("io.cagekeeper").setLevel(gatewayLevel);
    }

    /** The example body with every secret-looking field (password, pin, token) set to the canary. */
    private static JsonObject baseline(OpenApiDocument.Operation op) {
        JsonObject body = DOC.exampleBody(op);
        for (List<String> field : DOC.textFields(op)) {
            String name = field.get(field.size() - 1).toLowerCase(java.util.Locale.ROOT);
            if (name.contains("password") || name.contains("pin") || name.contains("token") || name.contains("secret")) {
                body = OpenApiDocument.with(body, field, CANARY);
            }
        }
        return body;
    }

    /** Waits until no table changes for 1.2 s (longer than a door pulse of the test cage: 700 ms), at most 15 s. */
    private static void settle() throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        var last = TableDigest.of(env.backends().db());
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_200);
            var now = TableDigest.of(env.backends().db());
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
    }

    private static HttpResponse<String> send(OpenApiDocument.Operation op, String contentType, String body) throws Exception {
        return all.sendBytes(op.method(), DOC.examplePath(op), contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertClearError(SoftAssertions soft, HttpResponse<String> r, String what) {
        soft.assertThat(r.statusCode()).as("%s: %s", what, r.body()).isBetween(400, 499);
        soft.assertThat(RoleMatrixIT.isJsonError(r)).as("%s answers the JSON error: %s", what, r.body()).isTrue();
        soft.assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("a".repeat(301))
                .doesNotContain(CANARY);
        soft.assertThat(r.body().length()).as("%s: error length", what).isLessThan(600);
    }

    @Test
    @Order(1)
    void hostileTextInEveryTextFieldIsAClearErrorOrPlainStoredTextAndNeverAServerError() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        Map<String, Integer> accepted = new TreeMap<>();
        Map<String, Integer> refused = new TreeMap<>();
        int operations = 0;
        for (OpenApiDocument.Operation op : DOC.operations()) {
            if (!op.takesJson()) {
                continue;
            }
            operations++;
            for (List<String> field : DOC.textFields(op)) {
                for (var hostile : HOSTILE.entrySet()) {
                    String body = OpenApiDocument.with(baseline(op), field, "@@HOSTILE@@").encode().replace("\"@@HOSTILE@@\"", hostile.getValue());
                    String what = op + " " + String.join(".", field) + " = " + hostile.getKey();
                    var before = TableDigest.of(env.backends().db());
                    HttpResponse<String> r = send(op, "application/json", body);
                    soft.assertThat(r.statusCode()).as("%s: %s", what, r.body()).isLessThan(500);
                    if (r.statusCode() >= 400 || ALWAYS_REFUSED.contains(hostile.getKey())) {
                        assertClearError(soft, r, what);
                        soft.assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).as("tables changed by %s", what).isEmpty();
                        refused.merge(hostile.getKey(), 1, Integer::sum);
                    } else {
                        accepted.merge(hostile.getKey(), 1, Integer::sum);
                        settle(); // what an accepted call sets off (a door pulse's events, a state save) lands before the next digest
                    }
                }
            }
        }
        assertThat(env.cage().query("SELECT to_regclass('public.events') IS NOT NULL AS here").get(0).get("here")).isEqualTo(true);
        // nothing dropped or deleted: the seeded persons are still there (accepted hostile names made persons of their own)
        assertThat(env.cage().query("SELECT count(*) AS n FROM persons WHERE id IN ('p-alice', 'p-carol')").get(0).get("n")).isEqualTo(2L);
        System.out.printf("[hostile text] %d operations with a JSON body; refused %s; accepted as plain text %s%n", operations, refused, accepted);
        soft.assertAll();
    }

    @Test
    @Order(2)
    void aBodyNested100DeepIsRefusedByEveryOperationThatTakesJson() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        String nested = "{\"x\":".repeat(100) + "1" + "}".repeat(100);
        for (OpenApiDocument.Operation op : DOC.operations()) {
            if (!op.takesJson()) {
                continue;
            }
            List<List<String>> fields = DOC.textFields(op);
            List<String> field = fields.isEmpty() ? List.of("x") : fields.get(0);
            String body = OpenApiDocument.with(baseline(op), field, "@@HOSTILE@@").encode().replace("\"@@HOSTILE@@\"", nested);
            var before = TableDigest.of(env.backends().db());
            HttpResponse<String> r = send(op, "application/json", body);
            assertClearError(soft, r, op + " nested 100 deep");
            soft.assertThat(r.statusCode()).as(op + " nested 100 deep").isEqualTo(400);
            soft.assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).as("tables changed by %s", op).isEmpty();
        }
        soft.assertAll();
    }

    @Test
    @Order(3)
    void aWrongContentTypeIsRefusedByEveryOperationThatTakesJson() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (OpenApiDocument.Operation op : DOC.operations()) {
            if (!op.takesJson()) {
                continue;
            }
            String body = baseline(op).encode();
            for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                    "application/xml", "application/json-patch+json", null}) {
                var before = TableDigest.of(env.backends().db());
                HttpResponse<String> r = send(op, type, body);
                assertClearError(soft, r, op + " as " + type);
                soft.assertThat(r.statusCode()).as(op + " as " + type).isEqualTo(415);
                soft.assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).as("tables changed by %s as %s", op, type)
                        .isEmpty();
            }
        }
        soft.assertAll();
    }

    @Test
    @Order(4)
    void neitherTheLogNorTheAuditTrailHoldsAPasswordOrTokenTheTestsUsed() throws Exception {
        List<String> lines = new ArrayList<>();
        synchronized (LOGS) {
            for (ILoggingEvent e : LOGS.list) {
                lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(e.getThrowableProxy())));
            }
        }
        assertThat(lines).as("log lines captured").isNotEmpty();
        String audit = env.cage().query("SELECT string_agg(concat_ws(' ', actor, resource_id, detail, before::text, after::text), E'\\n') AS t"
                + " FROM audit_trail").get(0).get("t").toString();
        for (String secret : secrets) {
            assertThat(lines).as("log lines holding a secret").noneMatch(l -> l.contains(secret));
            assertThat(audit).as("the audit trail").doesNotContain(secret);
        }
        System.out.printf("[hostile text] %d log lines and the audit trail checked for %d secrets%n", lines.size(), secrets.size());
    }
}
