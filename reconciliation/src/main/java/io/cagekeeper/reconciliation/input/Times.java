package io.cagekeeper.reconciliation.input;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Instants as microseconds since the epoch (PostgreSQL's resolution), so that the database path and
 * the file path compare the same numbers, and no {@link Instant} is kept per event.
 */
public final class Times {

    /** An absent time (a null column). */
    public static final long NONE = Long.MIN_VALUE;

    private Times() {
    }

    public static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** ISO-8601 in UTC, always with the same number of digits for the same value (Instant.toString). */
    public static String iso(long micros) {
        return instant(micros).toString();
    }

    /** How a file writes its times: ISO-8601 with an offset (canonical), a pattern in a zone, or epoch numbers. */
    public static final class Parser {
        private final String format;
        private final DateTimeFormatter formatter;

        public Parser(String format, ZoneId zone) {
            this.format = format == null ? "iso" : format;
            this.formatter = switch (this.format) {
                case "iso", "epoch-seconds", "epoch-millis", "epoch-micros" -> null;
                default -> DateTimeFormatter.ofPattern(this.format).withZone(zone);
            };
        }

        /** Microseconds; throws IllegalArgumentException with a readable message. */
        public long parse(String text) {
            try {
                return switch (format) {
                    case "iso" -> {
                        long fast = IsoTimes.parse(text);
                        yield fast != Long.MIN_VALUE ? fast : micros(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
                    }
                    case "epoch-seconds" -> Math.multiplyExact(Long.parseLong(text), 1_000_000L);
                    case "epoch-millis" -> Math.multiplyExact(Long.parseLong(text), 1_000L);
                    case "epoch-micros" -> Long.parseLong(text);
                    default -> micros(formatter.parse(text, Instant::from));
                };
            } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("not a time in format " + format + ": '" + text + "'");
            }
        }
    }
}
