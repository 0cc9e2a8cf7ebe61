package io.cagekeeper.policy.pin;

/**
 * Checks a typed PIN against a stored hash. An interface so that replay can substitute the recorded
 * outcome: the PIN itself is never stored, so a past PIN check cannot be recomputed.
 */
@FunctionalInterface
public interface PinVerifier {
    boolean verify(String encodedHash, String pin);
}
