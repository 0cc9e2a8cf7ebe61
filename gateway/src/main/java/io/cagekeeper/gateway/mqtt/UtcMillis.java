package io.cagekeeper.gateway.mqtt;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The datasheet's timestamp form, {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, read without
 * {@code DateTimeFormatter}: every reader message carries one, and the general ISO parser was a tenth
 * of the gateway's event-loop time at 1,000 credentials/s. It accepts exactly what
 * {@link Instant#parse} accepts for strings of this shape (the rare {@code 24:00:00.000} and leap
 * second {@code 23:59:60} are handed to it), so validation does not change.
 */
final class UtcMillis {

    private static final int LENGTH = 24;

    private UtcMillis() {
    }

    /** Whether {@code s} has the shape: digits and separators in their places, nothing else. */
    static boolean wellFormed(String s) {
        if (s.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T';
                case 13, 16 -> c == ':';
                case 19 -> c == '.';
                case 23 -> c == 'Z';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The instant of a {@link #wellFormed} string, or null when it names no real instant (Feb 30). */
    static Instant parse(String s) {
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int millis = digits(s, 20, 3);
        if (hour > 23 || second > 59) {
            return viaIso(s);
        }
        if (minute > 59 || month < 1 || month > 12 || day < 1) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Instant viaIso(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
