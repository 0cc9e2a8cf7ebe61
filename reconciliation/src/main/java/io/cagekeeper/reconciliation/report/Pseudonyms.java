package io.cagekeeper.reconciliation.report;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Person ids replaced by a keyed hash (HMAC-SHA-256) in the shareable variant: the same person gets the
 * same pseudonym throughout a report (and across reports made with the same key), and without the key
 * nobody can tell who it is. The identity variant leaves ids as they are.
 */
public final class Pseudonyms {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.@-]+");

    private final Mac mac;
    private final Set<String> persons;

    private Pseudonyms(Mac mac, Set<String> persons) {
        this.mac = mac;
        this.persons = persons;
    }

    public static Pseudonyms identity() {
        return new Pseudonyms(null, Set.of());
    }

    /** @param persons every person id that may appear in a sentence (the roster, the approvals) */
    public static Pseudonyms keyed(byte[] key, Set<String> persons) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return new Pseudonyms(mac, persons);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String person(String id) {
        if (mac == null || id == null) {
            return id;
        }
        return "P-" + HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    /** The sentence with every word that is a person id replaced by its pseudonym. */
    public String text(String sentence) {
        if (mac == null || sentence == null) {
            return sentence;
        }
        Matcher m = TOKEN.matcher(sentence);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(persons.contains(word) ? person(word) : word));
        }
        m.appendTail(out);
        return out.toString();
    }
}
