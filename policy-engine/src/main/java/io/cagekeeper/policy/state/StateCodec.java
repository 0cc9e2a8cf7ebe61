package io.cagekeeper.policy.state;

import io.cagekeeper.policy.model.ThreatLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Text form of {@link EngineState}: one line per fact, fields separated by tabs, ids percent-escaped
 * (so ids may contain tabs or newlines), instants in ISO-8601, lines sorted so that equal states
 * encode identically. Lines:
 * <pre>
 * threat  LEVEL
 * fire    true|false
 * apb     personId  zoneId  in|out  instant
 * pin     credentialId  failures
 * pending ESCORT|TWO_PERSON  doorId  personId  credentialId  visitId|-  at  until
 * open    doorId
 * released doorId
 * </pre>
 */
final class StateCodec {

    private StateCodec() {
    }

    static List<String> encode(EngineState s) {
        List<String> out = new ArrayList<>();
        out.add("threat\t" + s.threatLevel());
        out.add("fire\t" + s.fireAlarm());
        List<String> body = new ArrayList<>();
        for (ApbMark m : s.apb().values()) {
            body.add(join("apb", esc(m.personId()), esc(m.zoneId()), m.inside() ? "in" : "out", m.at().toString()));
        }
        s.pinFailures().forEach((k, v) -> body.add(join("pin", esc(k), Integer.toString(v))));
        for (Pending p : s.pending()) {
            body.add(join("pending", p.kind().name(), esc(p.doorId()), esc(p.personId()), esc(p.credentialId()),
                    p.visitId() == null ? "-" : esc(p.visitId()), p.at().toString(), p.until().toString()));
        }
        s.openDoors().forEach(d -> body.add(join("open", esc(d))));
        s.released().forEach(d -> body.add(join("released", esc(d))));
        body.sort(Comparator.naturalOrder());
        out.addAll(body);
        return out;
    }

    static EngineState decode(List<String> lines) {
        ThreatLevel threat = ThreatLevel.NORMAL;
        boolean fire = false;
        Map<String, ApbMark> apb = new HashMap<>();
        Map<String, Integer> pins = new HashMap<>();
        List<Pending> pending = new ArrayList<>();
        Set<String> open = new HashSet<>();
        Set<String> released = new HashSet<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "threat" -> threat = ThreatLevel.valueOf(f[1]);
                case "fire" -> fire = Boolean.parseBoolean(f[1]);
                case "apb" -> {
                    ApbMark m = new ApbMark(unesc(f[1]), unesc(f[2]), "in".equals(f[3]), Instant.parse(f[4]));
                    apb.put(m.key(), m);
                }
                case "pin" -> pins.put(unesc(f[1]), Integer.parseInt(f[2]));
                case "pending" -> pending.add(new Pending(Pending.Kind.valueOf(f[1]), unesc(f[2]), unesc(f[3]),
                        unesc(f[4]), "-".equals(f[5]) ? null : unesc(f[5]), Instant.parse(f[6]), Instant.parse(f[7])));
                case "open" -> open.add(unesc(f[1]));
                case "released" -> released.add(unesc(f[1]));
                default -> throw new IllegalArgumentException("unknown engine state line: " + f[0]);
            }
        }
        return new EngineState(threat, fire, apb, pins, pending, open, released);
    }

    private static String join(String... fields) {
        return String.join("\t", fields);
    }

    /** Percent-escapes %, tab, CR, LF and a lone "-" so that every id survives the round trip. */
    static String esc(String s) {
        if (s.equals("-")) {
            return "%2D";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> b.append("%25");
                case '\t' -> b.append("%09");
                case '\n' -> b.append("%0A");
                case '\r' -> b.append("%0D");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unesc(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
