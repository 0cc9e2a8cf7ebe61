package io.cagekeeper.gateway.audit;

import io.vertx.core.json.JsonObject;

/**
 * One row of the audit trail: who (an actor id, never a name from the request), from where, did what
 * to which resource, with what outcome, and the resource before and after. {@code before} and
 * {@code after} must never hold a secret: stores build them from their own JSON views, which leave
 * out password hashes, PIN hashes and token values.
 *
 * @param action     the OpenAPI operation id ({@code suspendCredential}, {@code login}, …)
 * @param outcome    DONE, UNAUTHENTICATED, FORBIDDEN, INVALID, NOT_FOUND, CONFLICT, THROTTLED or FAILED
 * @param status     the HTTP status answered
 */
public record AuditEntry(String actor, String address, String action, String resource, String resourceId, String outcome,
                         int status, JsonObject before, JsonObject after, String detail, String requestId) {

    /** A change that was made. */
    public static AuditEntry done(String actor, String address, String action, String resource, String resourceId,
                                  JsonObject before, JsonObject after, String requestId) {
        return new AuditEntry(actor, address, action, resource, resourceId, "DONE", 200, before, after, null, requestId);
    }

    /** The same entry with {@code detail} (the reason an operator gave for the change). */
    public AuditEntry withDetail(String detail) {
        return new AuditEntry(actor, address, action, resource, resourceId, outcome, status, before, after, detail, requestId);
    }

    /** The outcome name for an HTTP error status. */
    public static String outcomeOf(int status) {
        return switch (status) {
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 409 -> "CONFLICT";
            case 429 -> "THROTTLED";
            default -> status >= 500 ? "FAILED" : status >= 400 ? "INVALID" : "DONE";
        };
    }
}
