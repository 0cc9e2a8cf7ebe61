package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The role × endpoint matrix, generated from {@code openapi.yaml}: every operation of the document is
 * called anonymously, with a session of each single role and with a token of each single role, with
 * the operation's example path and body. Anonymous gets 401 (unless {@code x-roles} says public), a
 * role outside {@code x-roles} gets 403, and such a refused call changes no row of any table
 * ({@link TableDigest}) but writes its own audit row (UNAUTHENTICATED / FORBIDDEN, naming the caller).
 * A role inside {@code x-roles} is let through: whatever the operation then answers (404, 409, 422 …),
 * it is not the gate's 401/403. All refusals run first, against the seeded state, then the allowed
 * calls (which may change it), logout last.
 */
class RoleMatrixIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    static final OpenApiDocument DOC = OpenApiDocument.load();
    /** What the gate (Operations) says when it refuses: an allowed caller must never hear it. */
    static final List<String> GATE_MESSAGES = List.of("authentication required", "needs the role", "one-time password first",
            "X-CSRF-Token", "cross-origin");

    @Test
    void everyOperationRefusesAnonymousCallersAndRolesOutsideItsXRolesWithoutChangingARowAndLetsItsRolesThrough() throws Exception {
        Supplier<Gateway> g = () -> env.cage().gateway;
        List<Caller> callers = new ArrayList<>();
        callers.add(Caller.anonymous(g));
        for (Role r : Role.values()) {
            callers.add(Caller.session(g, r));
            callers.add(Caller.token(g, r));
        }
        List<OpenApiDocument.Operation> ops = DOC.operations();
        assertThat(ops).hasSizeGreaterThan(20);
        PgEndpoint db = env.backends().db();
        SoftAssertions soft = new SoftAssertions();

        Map<String, String> before = TableDigest.of(db);
        Map<String, Integer> audits = new TreeMap<>();
        int refusals = 0;
        for (OpenApiDocument.Operation op : ops) {
            for (Caller caller : callers) {
                if (allowed(op, caller)) {
                    continue;
                }
                int expected = caller.role() == null ? 401 : 403;
                HttpResponse<String> r = DOC.call(caller.client(), op, null);
                soft.assertThat(r.statusCode()).as("%s as %s: %s", op, caller, r.body()).isEqualTo(expected);
                soft.assertThat(isJsonError(r)).as("%s as %s answers the JSON error: %s", op, caller, r.body()).isTrue();
                Map<String, String> after = TableDigest.of(db);
                soft.assertThat(TableDigest.changed(before, after)).as("tables changed by a refused %s as %s", op, caller).isEmpty();
                before = after;
                audits.merge(caller.actorId() + " " + op.id() + " " + (expected == 401 ? "UNAUTHENTICATED" : "FORBIDDEN"), 1, Integer::sum);
                refusals++;
            }
        }
        List<String> missing = new ArrayList<>();
        try {
            Await.until(Duration.ofSeconds(15), "an audit row for every refused call", () -> {
                missing.clear();
                missing.addAll(missingAudits(audits));
                return missing.isEmpty();
            });
        } catch (AssertionError e) {
            soft.fail("refused calls without their audit row (actor action outcome): " + missing);
        }

        int allowedCalls = 0;
        Map<String, Set<Integer>> answers = new TreeMap<>();
        List<OpenApiDocument.Operation> inOrder = new ArrayList<>(ops);
        inOrder.sort(Comparator.comparing(RoleMatrixIT::endsTheSession));
        for (OpenApiDocument.Operation op : inOrder) {
            for (int i = 0; i < callers.size(); i++) {
                Caller caller = callers.get(i);
                if (!allowed(op, caller)) {
                    continue;
                }
                HttpResponse<String> r = DOC.call(caller.client(), op, null);
                if (r.statusCode() == 401 && caller.session() && caller.client().get("/api/session").statusCode() == 401) {
                    // an earlier allowed call (a password reset, a role change of the example user) ended this session: log in again
                    caller = caller.relogin(g);
                    callers.set(i, caller);
                    r = DOC.call(caller.client(), op, null);
                }
                allowedCalls++;
                answers.computeIfAbsent(op.id(), k -> new TreeSet<>()).add(r.statusCode());
                if (!op.isPublic()) {
                    soft.assertThat(r.statusCode()).as("%s as %s (allowed by x-roles): %s", op, caller, r.body()).isNotEqualTo(401);
                }
                if (r.statusCode() == 403) {
                    String error = isJsonError(r) ? new JsonObject(r.body()).getString("error") : r.body();
                    soft.assertThat(GATE_MESSAGES).as("%s as %s (allowed by x-roles) refused by the gate: %s", op, caller, error)
                            .noneMatch(error::contains);
                }
                soft.assertThat(r.statusCode() < 500 || documented(op, r.statusCode()))
                        .as("%s as %s: an undocumented %s: %s", op, caller, r.statusCode(), r.body()).isTrue();
            }
        }
        System.out.printf("[role matrix] %d operations, %d callers: %d refused calls (each with an unchanged digest of %d tables),"
                + " %d allowed calls, answered %s%n", ops.size(), callers.size(), refusals, before.size(), allowedCalls, answers);
        soft.assertAll();
    }

    private static boolean allowed(OpenApiDocument.Operation op, Caller caller) {
        return caller.role() == null ? op.isPublic() : op.allows(caller.role());
    }

    /** Logout (DELETE of the session) goes last: after it the session callers would have nothing left to call with. */
    private static boolean endsTheSession(OpenApiDocument.Operation op) {
        return op.method().equals("DELETE") && op.tags().contains("session");
    }

    private static boolean documented(OpenApiDocument.Operation op, int status) {
        JsonObject responses = op.raw().getJsonObject("responses", new JsonObject());
        return responses.containsKey(Integer.toString(status));
    }

    static boolean isJsonError(HttpResponse<String> r) {
        try {
            JsonObject body = new JsonObject(r.body());
            return r.headers().firstValue("content-type").orElse("").startsWith("application/json")
                    && body.fieldNames().equals(Set.of("error")) && body.getValue("error") instanceof String;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** "actor action outcome" entries with fewer audit rows than refused calls. */
    private static List<String> missingAudits(Map<String, Integer> expected) throws Exception {
        Map<String, Long> found = new TreeMap<>();
        for (Map<String, Object> row : env.cage().query("""
                SELECT actor, action, outcome, count(*) AS n FROM audit_trail
                WHERE outcome IN ('UNAUTHENTICATED', 'FORBIDDEN') GROUP BY actor, action, outcome
                """)) {
            found.put(row.get("actor") + " " + row.get("action") + " " + row.get("outcome"), (Long) row.get("n"));
        }
        List<String> out = new ArrayList<>();
        expected.forEach((key, n) -> {
            if (found.getOrDefault(key, 0L) < n) {
                out.add(key);
            }
        });
        return out;
    }
}
