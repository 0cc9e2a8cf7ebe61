package io.cagekeeper.gateway.modbus;

import io.cagekeeper.gateway.events.EventType;
import java.util.Map;

/**
 * Something concluded from what a door module reported: about one door ({@code doorId} set,
 * source {@code door:<id>}) or about the module itself (source {@code module:<id>}).
 */
public record DoorEvent(String source, String doorId, EventType type, String sentence, Map<String, Object> detail) {
}
