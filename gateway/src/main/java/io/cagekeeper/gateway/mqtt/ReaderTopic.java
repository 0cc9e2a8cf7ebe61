package io.cagekeeper.gateway.mqtt;

import java.util.regex.Pattern;

/**
 * A topic of the reader interface: {@code {prefix}/{site}/readers/{reader}/{kind}}. Parsing is
 * strict: anything else is a topic "that does not match the table" and is rejected.
 */
public record ReaderTopic(String readerId, Kind kind) {

    public enum Kind { CREDENTIAL, INDICATE, STATUS, EVENT }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Null when the topic is not one of this site's reader topics. */
    public static ReaderTopic parse(String prefix, String site, String topic) {
        String[] p = topic.split("/", -1);
        if (p.length != 5 || !p[0].equals(prefix) || !p[1].equals(site) || !p[2].equals("readers")
                || !ID.matcher(p[3]).matches()) {
            return null;
        }
        Kind kind = switch (p[4]) {
            case "credential" -> Kind.CREDENTIAL;
            case "indicate" -> Kind.INDICATE;
            case "status" -> Kind.STATUS;
            case "event" -> Kind.EVENT;
            default -> null;
        };
        return kind == null ? null : new ReaderTopic(p[3], kind);
    }

    public static String of(String prefix, String site, String readerId, Kind kind) {
        return prefix + "/" + site + "/readers/" + readerId + "/" + kind.name().toLowerCase();
    }
}
