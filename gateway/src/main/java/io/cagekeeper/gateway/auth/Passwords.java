package io.cagekeeper.gateway.auth;

import io.cagekeeper.policy.pin.PinHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Operator passwords: Argon2id in the PHC string format (BouncyCastle, through the policy engine's
 * {@link PinHasher}, which reads the cost parameters from each stored hash, so raising them later
 * keeps old hashes valid). Hashing and checking run on a worker thread: each costs ~50 ms and
 * 19 MiB, and must never stall the event loop that carries badge decisions.
 */
public final class Passwords {

    /** Shortest password accepted (NIST SP 800-63B: at least 8; this is a physical-security console). */
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private final Vertx vertx;
    private final PinHasher hasher;
    /** A hash checked when the login is unknown, so an unknown login costs as long as a wrong password. */
    private final String decoy;

    public Passwords(Vertx vertx) {
        this(vertx, new PinHasher());
    }

    public Passwords(Vertx vertx, PinHasher hasher) {
        this.vertx = vertx;
        this.hasher = hasher;
        this.decoy = hasher.hash(Secrets.newPassword(), Secrets.random());
    }

    /** Null when {@code password} is acceptable, else the reason (never containing the password). */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "password must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "password must have at most " + MAX_LENGTH + " characters";
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            return "password must not contain control characters";
        }
        if (password.chars().distinct().count() < 5) {
            return "password must not repeat a few characters";
        }
        return null;
    }

    public Future<String> hash(String password) {
        return vertx.executeBlocking(() -> hasher.hash(password, Secrets.random()), false);
    }

    /** True when {@code password} matches {@code stored}; a null {@code stored} checks a decoy and is false. */
    public Future<Boolean> verify(String stored, String password) {
        return vertx.executeBlocking(() -> {
            if (stored == null) {
                hasher.verify(decoy, password);
                return false;
            }
            return hasher.verify(stored, password);
        }, false);
    }

    /** The same check off Vert.x (the command line's {@code admin reset}). */
    public static String hashNow(String password) {
        return new PinHasher().hash(password, Secrets.random());
    }
}
