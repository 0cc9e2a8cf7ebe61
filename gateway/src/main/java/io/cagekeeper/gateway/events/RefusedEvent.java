package io.cagekeeper.gateway.events;

/**
 * An event PostgreSQL refused for its content (see {@link StoreFailures#refusedForContent}). It is
 * never retried: it goes to the quarantine, so it cannot hold up the events behind it.
 */
public final class RefusedEvent extends RuntimeException {

    private final transient GatewayEvent event;
    private final String sqlState;
    private final String reason;

    RefusedEvent(GatewayEvent event, Throwable failure) {
        super("event refused by PostgreSQL for its content", null, false, false);
        this.event = event;
        this.sqlState = StoreFailures.sqlState(failure);
        this.reason = StoreFailures.reason(failure);
    }

    public GatewayEvent event() {
        return event;
    }

    /** Null when the client could not encode the row. */
    public String sqlState() {
        return sqlState;
    }

    public String reason() {
        return reason;
    }
}
