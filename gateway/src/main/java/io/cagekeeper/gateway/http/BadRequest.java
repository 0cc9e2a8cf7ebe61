package io.cagekeeper.gateway.http;

/**
 * Input the API refuses, with a message that is safe to show the client: it says what is wrong with
 * the input in plain words and never quotes it (the input may be an attack, or hold a secret).
 */
public final class BadRequest extends RuntimeException {

    private final int status;

    public BadRequest(String message) {
        this(400, message);
    }

    public BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
