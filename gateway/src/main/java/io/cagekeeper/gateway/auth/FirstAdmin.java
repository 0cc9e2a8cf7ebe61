package io.cagekeeper.gateway.auth;

import io.cagekeeper.gateway.audit.AuditEntry;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The first administrator: created at the first start of a site (no user at all yet) as {@code admin}
 * with a random one-time password that is printed once on the console and must be changed at the
 * first login. There is never a fixed default password; a lost admin password is reset from the
 * command line ({@code AdminReset}), which needs access to the database, not to the API.
 */
public final class FirstAdmin {

    public static final String LOGIN = "admin";

    private FirstAdmin() {
    }

    /** Creates the first admin when the site has no user; the one-time password when it did, else empty. */
    public static Future<Optional<String>> ensure(Pool pool, UserStore users, Passwords passwords, AuditTrail audit) {
        return users.count().compose(n -> {
            if (n > 0) {
                return Future.succeededFuture(Optional.empty());
            }
            String oneTime = Secrets.newPassword();
            return passwords.hash(oneTime).compose(hash -> pool.withTransaction(c ->
                    users.insert(c, LOGIN, "Administrator", hash, "en", null, true, EnumSet.of(Role.ADMIN), "system:first-start")
                            .compose(id -> audit.append(c, new AuditEntry("system:first-start", null, "createUser", "users",
                                    Long.toString(id), "DONE", 200, null, null, "first administrator created at first start", null)))))
                    .map(v -> Optional.of(oneTime));
        });
    }

    /** The console banner for a one-time password: printed, never logged. */
    public static String banner(String password) {
        return """

                ==================================================================
                  First start: administrator '%s' created.
                  One-time password (shown only now; change it at first login):

                      %s

                ==================================================================
                """.formatted(LOGIN, password);
    }
}
