package io.cagekeeper.gateway.it;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Role;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Someone calling the API in the attack tests: anonymous, a logged-in user or an API token, with the
 * actor id the gateway records for them (what their audit rows must name) and, for a user, the
 * login and password (to log in again, or to look for the password in the logs).
 *
 * @param role null for anonymous
 */
record Caller(String label, String actorId, ApiClient client, Role role, boolean session, String login, String password) {

    static Caller anonymous(Supplier<Gateway> gateway) {
        return new Caller("anonymous", "anonymous", ApiClient.anonymous(gateway), null, false, null, null);
    }

    /** A new user holding {@code role} only, logged in (a session cookie and its CSRF token). */
    static Caller session(Supplier<Gateway> gateway, Role role) throws Exception {
        String login = "it-" + role.id() + "-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "pw-" + UUID.randomUUID();
        String actor = ApiClient.createUser(gateway.get(), login, password, null, role);
        ApiClient c = ApiClient.anonymous(gateway);
        HttpResponse<String> r = c.login(login, password);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login as " + login + " failed: " + r.statusCode() + " " + r.body());
        }
        return new Caller("session " + role.id(), actor, c, role, true, login, password);
    }

    /** A new API token holding {@code role} only. */
    static Caller token(Supplier<Gateway> gateway, Role role) throws Exception {
        ApiClient c = ApiClient.token(gateway, role);
        return new Caller("token " + role.id(), c.actor, c, role, false, null, null);
    }

    /** The same user logged in again (a new session), for when an earlier call ended the session. */
    Caller relogin(Supplier<Gateway> gateway) throws Exception {
        ApiClient c = ApiClient.anonymous(gateway);
        HttpResponse<String> r = c.login(login, password);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login as " + login + " failed: " + r.statusCode() + " " + r.body());
        }
        return new Caller(label, actorId, c, role, true, login, password);
    }

    @Override
    public String toString() {
        return label;
    }
}
