package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.events.GroupCommit;
import io.cagekeeper.gateway.events.TextArrays;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * Owns {@code decision_records}: what each credential decision was made from, stored next to its
 * access event so an auditor can have the engine re-decide it later. The PIN is never stored (the
 * {@link RecordedDecision} has it redacted); only whether one was typed and whether it matched, which
 * is all a replay needs. The content hash is not kept per decision: the archive keeps it per version.
 */
public final class DecisionRecords {

    private static final String INSERT = """
            INSERT INTO decision_records (event_key, snapshot_version, request, state_before, decision)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_key) DO NOTHING
            """;
    /** A whole group commit in one statement (see EventStore's INSERT_MANY for why and how). */
    private static final String INSERT_MANY = """
            INSERT INTO decision_records (event_key, snapshot_version, request, state_before, decision)
            SELECT k, v, q::jsonb, string_to_array(s, chr(31)), d::jsonb
            FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(k, v, q, s, d, n)
            ORDER BY n
            ON CONFLICT (event_key) DO NOTHING
            """;
    private static final String BY_EVENT_ID = """
            SELECT d.snapshot_version, d.request, d.state_before, d.decision
            FROM decision_records d JOIN events e ON e.event_key = d.event_key WHERE e.id = $1
            """;

    private static final String BY_EVENT_IDS = """
            SELECT e.id, d.snapshot_version, d.request, d.state_before, d.decision
            FROM events e JOIN decision_records d ON d.event_key = e.event_key WHERE e.id = ANY($1)
            """;

    private final Pool pool;

    private final GroupCommit<Unstored> commits;

    /** One record as it is stored: the JSON already encoded, the state as its lines. */
    private record Unstored(String eventKey, long version, String request, List<String> state, String decision) {
    }

    public DecisionRecords(Pool pool) {
        this.pool = pool;
        this.commits = new GroupCommit<>(this::insertAll, 256);
    }

    /** Stores the record of the decision whose access event has {@code eventKey}; a redelivery keeps the first. */
    public Future<Void> store(String eventKey, RecordedDecision r) {
        return commits.submit(new Unstored(eventKey, r.decision().snapshotVersion(), request(r).encode(), r.before().toLines(),
                decision(r.decision()).encode()));
    }

    private Future<Void> insertAll(List<Unstored> rows) {
        boolean joinable = true;
        for (Unstored r : rows) {
            joinable &= TextArrays.joinable(r.state());
        }
        if (!joinable) {
            List<Tuple> batch = new ArrayList<>(rows.size());
            for (Unstored r : rows) {
                batch.add(Tuple.of(r.eventKey(), r.version(), new JsonObject(r.request()), r.state().toArray(String[]::new),
                        new JsonObject(r.decision())));
            }
            return pool.preparedQuery(INSERT).executeBatch(batch).mapEmpty();
        }
        int n = rows.size();
        String[] keys = new String[n], requests = new String[n], states = new String[n], decisions = new String[n];
        Long[] versions = new Long[n];
        for (int i = 0; i < n; i++) {
            Unstored r = rows.get(i);
            keys[i] = r.eventKey();
            versions[i] = r.version();
            requests[i] = r.request();
            states[i] = TextArrays.join(r.state());
            decisions[i] = r.decision();
        }
        return pool.preparedQuery(INSERT_MANY).execute(Tuple.tuple(List.of()).addArrayOfString(keys).addArrayOfLong(versions)
                .addArrayOfString(requests).addArrayOfString(states).addArrayOfString(decisions)).mapEmpty();
    }

    /**
     * The record of the event with this id, without a content hash (the archive keeps that per version);
     * empty for an unknown event or one that is not a credential decision. Fails with
     * IllegalArgumentException when the stored record no longer parses (it was edited).
     */
    public Future<Optional<RecordedDecision>> find(long eventId) {
        return pool.preparedQuery(BY_EVENT_ID).execute(Tuple.of(eventId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(parse(rows.iterator().next()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the stored record of event " + eventId + " does not parse: " + e.getMessage(), e);
            }
        });
    }

    /** The records of many events (those that have one), each parsed, or the reason it does not parse (it was edited). */
    public record Found(Map<Long, RecordedDecision> records, Map<Long, String> unparsable) {
    }

    /** The records of the events with these ids, in one round trip; an id without a record is in neither map. */
    public Future<Found> findAll(long[] eventIds) {
        Long[] ids = new Long[eventIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = eventIds[i];
        }
        return pool.preparedQuery(BY_EVENT_IDS).execute(Tuple.of(ids)).map(rows -> {
            Map<Long, RecordedDecision> records = new HashMap<>();
            Map<Long, String> unparsable = new HashMap<>();
            for (Row row : rows) {
                long id = row.getLong(0);
                try {
                    records.put(id, parse(row));
                } catch (RuntimeException e) {
                    unparsable.put(id, "the stored record of event " + id + " does not parse: " + e.getMessage());
                }
            }
            return new Found(records, unparsable);
        });
    }

    private static RecordedDecision parse(Row row) {
        JsonObject q = row.getJsonObject("request");
        String card = q.getString("card");
        CardRead read = card != null ? new CardRead.Decoded(CardNumber.parse(card))
                : new CardRead.Unreadable(q.getString("unreadable"));
        AccessRequest request = new AccessRequest(q.getString("readerId"), read,
                q.getBoolean("pinPresented", false) ? RecordedDecision.REDACTED_PIN : null, q.getBoolean("bioMatch"),
                Instant.parse(q.getString("at")));
        EngineState before = EngineState.fromLines(List.of(row.getArrayOfStrings("state_before")));
        return new RecordedDecision(request, q.getBoolean("pinMatched"), before,
                decision(row.getJsonObject("decision"), row.getLong("snapshot_version")), null);
    }

    private static JsonObject request(RecordedDecision r) {
        AccessRequest q = r.request();
        JsonObject o = new JsonObject().put("readerId", q.readerId()).put("pinPresented", q.pin() != null)
                .put("pinMatched", r.pinMatched()).put("bioMatch", q.bioMatch()).put("at", q.at().toString());
        if (q.card() instanceof CardRead.Decoded d) {
            o.put("card", d.card().toString());
        } else {
            o.put("unreadable", ((CardRead.Unreadable) q.card()).why());
        }
        return o;
    }

    private static JsonObject decision(Decision d) {
        JsonArray reasons = new JsonArray();
        d.reasons().forEach(r -> reasons.add(r.name()));
        return new JsonObject().put("result", d.result().name()).put("reasons", reasons).put("decidedBy", d.decidedBy())
                .put("sentence", d.sentence());
    }

    private static Decision decision(JsonObject o, long snapshotVersion) {
        List<ReasonCode> reasons = new ArrayList<>();
        o.getJsonArray("reasons").forEach(r -> reasons.add(ReasonCode.valueOf((String) r)));
        return new Decision(Result.valueOf(o.getString("result")), reasons, o.getString("decidedBy"), snapshotVersion,
                o.getString("sentence"));
    }
}
