package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Password guessing against the login. The defaults: 5 failures for one (login, address) in 15
 * minutes lock that login out from that address; 30 failures lock the address out. A guesser at one
 * address must not lock the desk out at its own console: the same login keeps working from another
 * address (a second loopback address, 127.0.0.2, plays the desk's machine).
 */
class LoginThrottleIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    private static RawHttp from(String address) {
        return RawHttp.from(address, env.cage().gateway.httpPort());
    }

    private static String login(String login, String password) {
        return new JsonObject().put("login", login).put("password", password).encode();
    }

    @Test
    void fiveWrongPasswordsLockTheLoginOutFromThatAddressOnlyEvenForTheRightPassword() throws Exception {
        Caller desk = Caller.session(() -> env.cage().gateway, Role.SECURITY_DESK);
        RawHttp attacker = from("127.0.0.3");
        for (int i = 0; i < 5; i++) {
            RawHttp.Response r = attacker.postJson("/api/session", login(desk.login(), "guess-" + i));
            assertThat(r.status()).as("guess %d: %s", i, r.body()).isEqualTo(401);
        }
        RawHttp.Response locked = attacker.postJson("/api/session", login(desk.login(), desk.password()));
        assertThat(locked.status()).as(locked.body()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("retry-after"))).isBetween(1L, 15 * 60L);
        assertThat(locked.json().getString("error")).contains("too many failed logins");
        assertThat(locked.setCookie("ck_session")).isNull();

        RawHttp.Response desksOwnMachine = from("127.0.0.2").postJson("/api/session", login(desk.login(), desk.password()));
        assertThat(desksOwnMachine.status()).as(desksOwnMachine.body()).isEqualTo(200);
        assertThat(desksOwnMachine.cookieValue("ck_session")).isNotNull();

        // another login from the guesser's address is not locked by the pair's failures
        Caller other = Caller.session(() -> env.cage().gateway, Role.FACILITIES);
        assertThat(attacker.postJson("/api/session", login(other.login(), other.password())).status()).isEqualTo(200);
        assertThat(env.cage().query("SELECT count(*) AS n FROM audit_trail WHERE action = 'login' AND outcome = 'THROTTLED'"
                + " AND address = '127.0.0.3'").get(0).get("n")).isEqualTo(1L);
    }

    @Test
    void aWrongLoginAndAWrongPasswordGetTheSameAnswer() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.AUDITOR);
        RawHttp client = from("127.0.0.4");
        List<Long> unknownNs = new ArrayList<>();
        List<Long> wrongNs = new ArrayList<>();
        RawHttp.Response unknown = null;
        RawHttp.Response wrong = null;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            unknown = client.postJson("/api/session", login("nobody-" + i, "whatever password"));
            long t1 = System.nanoTime();
            wrong = client.postJson("/api/session", login(user.login(), "whatever password " + i));
            long t2 = System.nanoTime();
            unknownNs.add(t1 - t0);
            wrongNs.add(t2 - t1);
        }
        assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(withoutDate(unknown.headers())).isEqualTo(withoutDate(wrong.headers()));
        System.out.printf("[login timing] unknown login %s ms, wrong password %s ms%n",
                unknownNs.stream().map(n -> n / 1_000_000).toList(), wrongNs.stream().map(n -> n / 1_000_000).toList());
    }

    /** Every attempt is counted before its password is checked, so 20 guesses at once get at most 5 checks (often none). */
    @Test
    void aBurstOfParallelGuessesGetsNoMoreTriesThanTheLimit() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.AUDITOR);
        RawHttp attacker = from("127.0.0.5");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> guesses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String guess = "parallel-guess-" + i;
                guesses.add(() -> attacker.postJson("/api/session", login(user.login(), guess)).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(guesses)) {
                statuses.add(f.get());
            }
            assertThat(statuses).allMatch(s -> s == 401 || s == 429);
            assertThat(statuses.stream().filter(s -> s == 401).count()).as("guesses checked: %s", statuses).isLessThanOrEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCurrentPasswordOfAPasswordChangeCannotBeGuessedWithoutLimit() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.AUDITOR);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(user.client().post("/api/session/password", new JsonObject().put("currentPassword", "guess number " + i)
                    .put("newPassword", "an entirely new password").encode()).statusCode());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(403);
        assertThat(statuses.subList(5, 7)).containsOnly(429);
        var right = user.client().post("/api/session/password", new JsonObject().put("currentPassword", user.password())
                .put("newPassword", "an entirely new password").encode());
        assertThat(right.statusCode()).as(right.body()).isEqualTo(429);
        assertThat(user.client().get("/api/session").statusCode()).isEqualTo(200);
    }

    private static Map<String, List<String>> withoutDate(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new java.util.TreeMap<>(headers);
        copy.remove("date");
        return copy;
    }
}
