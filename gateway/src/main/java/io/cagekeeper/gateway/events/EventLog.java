package io.cagekeeper.gateway.events;

import io.vertx.core.Future;

/**
 * Where every event goes. Completion means the event is durable: only then may the caller
 * acknowledge the device message that caused it.
 */
public interface EventLog {
    Future<Void> append(GatewayEvent event);
}
