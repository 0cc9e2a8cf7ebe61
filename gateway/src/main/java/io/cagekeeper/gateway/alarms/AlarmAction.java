package io.cagekeeper.gateway.alarms;

/**
 * What an event does to the alarm list: raise (or repeat) the open alarm with this key, or clear
 * it because the condition is over (a door closed, a module back online).
 */
public record AlarmAction(Kind kind, String alarmKey, String type, Severity severity, String message) {

    public enum Kind { RAISE, CLEAR }

    static AlarmAction raise(String key, String type, Severity severity, String message) {
        return new AlarmAction(Kind.RAISE, key, type, severity, message);
    }

    static AlarmAction clear(String key) {
        return new AlarmAction(Kind.CLEAR, key, null, null, null);
    }
}
