package io.cagekeeper.gateway.api;

import io.vertx.pgclient.PgException;

/**
 * PostgreSQL's refusals that mean "the request conflicts with what is stored" (a unique key taken, a
 * row referenced, a check such as "no self-approval"), told apart from an outage so the caller gets
 * 409 with a plain sentence rather than 503. The constraint's name says which rule; the database's
 * own message (which quotes values) is never sent.
 */
public final class Conflicts {

    private Conflicts() {
    }

    public static boolean isConflict(Throwable t) {
        return t instanceof PgException p && p.getSqlState() != null
                && (p.getSqlState().equals("23505") || p.getSqlState().equals("23503") || p.getSqlState().equals("23514"));
    }

    public static String message(Throwable t) {
        PgException p = (PgException) t;
        String constraint = p.getConstraint() == null ? "" : p.getConstraint();
        return switch (p.getSqlState()) {
            case "23505" -> "already exists" + (constraint.isEmpty() ? "" : " (" + constraint + ")");
            case "23503" -> "refers to something that does not exist, or is still referred to" + (constraint.isEmpty() ? "" : " (" + constraint + ")");
            default -> "refused by rule " + (constraint.isEmpty() ? "of the database" : constraint);
        };
    }
}
