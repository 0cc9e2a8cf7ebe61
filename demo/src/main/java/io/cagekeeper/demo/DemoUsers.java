package io.cagekeeper.demo;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Passwords;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.auth.Secrets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo's operators, one per role (desk, facilities, auditor), so a newcomer can log in to the
 * console as each at once. Each start gives them new random passwords, printed in the banner: a demo
 * convenience that a real site never has (there, only the first admin exists at first start, with a
 * one-time password).
 */
final class DemoUsers {

    static final Map<String, Role> USERS = Map.of("desk", Role.SECURITY_DESK, "facilities", Role.FACILITIES, "auditor", Role.AUDITOR);

    private DemoUsers() {
    }

    /** Creates or re-keys the demo users; returns login → this run's password. */
    static Map<String, String> provision(Gateway gateway) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String login : new String[] {"desk", "facilities", "auditor"}) {
            String password = Secrets.newPassword();
            String hash = Passwords.hashNow(password);
            gateway.users().byLogin(login).compose(found -> gateway.pool().withTransaction(c -> found.isPresent()
                            ? gateway.users().setPassword(c, found.get().id(), hash, false)
                            : gateway.users().insert(c, login, "Demo " + login, hash, "en", null, false,
                                    EnumSet.of(USERS.get(login)), "system:demo").mapEmpty()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            out.put(login, password);
        }
        return out;
    }
}
