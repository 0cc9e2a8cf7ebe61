package io.cagekeeper.gateway.events;

import io.vertx.core.json.EncodeException;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Why PostgreSQL did not take a row. Two different things look alike from the caller: PostgreSQL is
 * unreachable or busy (retry the same row later, in order: journal it) and PostgreSQL refused this
 * row for what it holds (retrying can never succeed: quarantine it, or it blocks every row behind it).
 */
final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * Thrown before an event reaches the driver when its text holds a lone surrogate: PostgreSQL would
     * never see it (the driver writes '?' in its place), so without this the audit record would be
     * silently altered instead of refused and kept whole.
     */
    static final class LoneSurrogate extends IllegalArgumentException {
        LoneSurrogate() {
            super("text with a lone surrogate has no UTF-8 form");
        }
    }

    /** Throws {@link LoneSurrogate} if any text of the event holds one (NUL is left to PostgreSQL, which refuses it). */
    static void checkEncodable(GatewayEvent e) {
        List<String> texts = new ArrayList<>(List.of(e.key(), e.source()));
        Collections.addAll(texts, e.doorId(), e.card(), e.personId(), e.result(), e.decidedBy(), e.sentence());
        texts.addAll(e.reasons());
        texts.addAll(e.flags());
        e.detail().forEach((k, v) -> {
            texts.add(k);
            texts.add(v instanceof String str ? str : null);
        });
        for (String t : texts) {
            if (StorableText.hasLoneSurrogate(t)) {
                throw new LoneSurrogate();
            }
        }
    }

    /**
     * True only for a refusal of the row's content: SQLSTATE class 22 (data exception: a NUL in text,
     * an escape jsonb cannot hold, a value out of range), class 23 (integrity) except 23505 (a unique
     * conflict is a race the store's ON CONFLICT already settles, so retrying is right) and class 54
     * (program limit: a key too long for its index), or a row the client could not even encode.
     * Everything else (connection lost, pool closed, timeouts, class 08, 40, 53, 57, a missing table)
     * says nothing against the row and means "try again later".
     */
    static boolean refusedForContent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                if (state == null || state.length() != 5) {
                    return false;
                }
                return state.startsWith("22") || state.startsWith("54") || (state.startsWith("23") && !state.equals("23505"));
            }
            if (t instanceof EncodeException || t instanceof ClassCastException || t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE of the refusal, or null when the client refused to encode the row. */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getSqlState();
            }
        }
        return null;
    }

    /** PostgreSQL's message (never its DETAIL, which may quote the row), storable and at most 300 characters. */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                return StorableText.sanitized(pg.getErrorMessage(), 300);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LoneSurrogate ls) {
                return ls.getMessage();
            }
        }
        return StorableText.sanitized("not encodable: " + failure.getClass().getSimpleName(), 300);
    }
}
