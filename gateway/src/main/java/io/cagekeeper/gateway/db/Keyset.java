package io.cagekeeper.gateway.db;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in a listing ordered by (time, id), newest or oldest first: the last row a page showed,
 * handed to the client as an opaque cursor and back for the next page. Paging by position instead of
 * by OFFSET costs one index range scan of a page whatever page it is, and rows stored meanwhile
 * neither repeat nor shift a row out of the next page. The cursor names its listing and order, so a
 * cursor of one listing or order is refused by another rather than silently skipping rows.
 *
 * @param listing     what the cursor pages ({@code events}, {@code audit})
 * @param oldestFirst the order of the listing it came from
 * @param at          the time of the last row shown, to the microsecond (PostgreSQL's precision)
 * @param id          the id of that row (orders rows of the same instant)
 */
public record Keyset(String listing, boolean oldestFirst, Instant at, long id) {

    private static final Pattern FORM = Pattern.compile("([a-z]{1,16})\\.([no])\\.(-?[0-9]{1,19})\\.([0-9]{1,19})");

    public Keyset {
        Objects.requireNonNull(listing, "listing");
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** The opaque cursor (base64url of {@code listing.order.epochMicros.id}). */
    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        String plain = listing + "." + (oldestFirst ? "o" : "n") + "." + micros + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads a cursor of {@code listing} in the order asked for; IllegalArgumentException (a 400 for the
     * caller) for anything that is not one, or one of another listing or order.
     */
    public static Keyset decode(String cursor, String listing, boolean oldestFirst) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this listing");
        }
        Matcher m = FORM.matcher(plain);
        if (!m.matches() || !m.group(1).equals(listing)) {
            throw new IllegalArgumentException("not a cursor of this listing");
        }
        if (m.group(2).equals("o") != oldestFirst) {
            throw new IllegalArgumentException("the cursor belongs to the other order (order=" + (oldestFirst ? "newest" : "oldest") + ")");
        }
        try {
            Instant at = Instant.EPOCH.plus(Long.parseLong(m.group(3)), ChronoUnit.MICROS);
            return new Keyset(listing, oldestFirst, at, Long.parseLong(m.group(4)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor of this listing");
        }
    }
}
