package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.events.EventLog;
import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Everything the access spine talks to outside itself, in one place: the door locks, the readers'
 * displays, the event log, and the stores it consults or feeds. Tests pass in-memory ones; the gateway
 * passes the real ones.
 *
 * @param releaseMs     how long a door's lock is released on a grant (shown to the reader as {@code openMs})
 * @param claims        the durable memory of reader messages acted on (replay protection) and reader clocks
 * @param recorder      keeps what a credential decision was made from, for replay; must not block
 * @param stateSaver    persists the engine's state after a change; must not block
 * @param pinCheck      verifies a typed PIN against its stored slow hash off the event loop (an Argon2id
 *                      check takes tens of milliseconds and would stall every other reader)
 */
public record AccessPorts(AccessController.DoorReleaser doors, ToLongFunction<String> releaseMs,
                          AccessController.Indicator indicator, EventLog log, MessageClaims claims,
                          BiConsumer<String, RecordedDecision> recorder, Consumer<EngineState> stateSaver,
                          BiFunction<String, String, Future<Boolean>> pinCheck) {
}
