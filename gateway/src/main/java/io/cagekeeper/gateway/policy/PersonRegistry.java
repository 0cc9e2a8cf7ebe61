package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.PersonType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Owns the writes to {@code persons}, {@code credentials} and {@code credential_status_changes}
 * (the policy tables of {@link PolicyStore}, which still reads them whole for the engine). Every
 * write runs on the connection of a {@link #change} (one {@link PolicyStore#transact} transaction, so
 * the rows, the caller's audit row and the new policy version commit together and the gateway reloads
 * within a second), and every status change of a badge writes its {@code credential_status_changes}
 * row in the same statement that changes it. The PIN hash is written here and never read back: the
 * views ({@link CredentialRow}) only say whether a badge has a PIN.
 */
public final class PersonRegistry {

    private static final String PERSON_COLUMNS = """
            id, name, type, organization, external_id, created_at, created_by, terminated_at, terminated_by""";
    private static final String CREDENTIAL_COLUMNS = """
            id, card, person_id, status, valid_from, valid_until, status_changed_at, status_changed_by, issued_at, issued_by,
            replaces, visit_id, pin_hash IS NOT NULL AS has_pin""";

    private static final String SEARCH = """
            SELECT %s FROM persons p
            WHERE ($1::text IS NULL OR p.id > $1)
              AND ($2::text IS NULL OR p.name ILIKE $2)
              AND ($3::text IS NULL OR p.organization ILIKE $3)
              AND ($4::text IS NULL OR p.id IN (SELECT person_id FROM credentials WHERE card = $4))
              AND ($5::text IS NULL OR p.type = $5)
              AND ($6::text IS NULL OR p.external_id = $6)
            ORDER BY p.id LIMIT $7
            """.formatted(PERSON_COLUMNS);
    private static final String PERSON = "SELECT " + PERSON_COLUMNS + " FROM persons WHERE id = $1";
    private static final String PERSON_BY_EXTERNAL_ID = "SELECT " + PERSON_COLUMNS + " FROM persons WHERE external_id = $1";
    private static final String LOCKED = " FOR UPDATE";
    private static final String INSERT_PERSON = """
            INSERT INTO persons (id, name, type, organization, external_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """;
    private static final String UPDATE_PERSON = "UPDATE persons SET name = $2, type = $3, organization = $4 WHERE id = $1";
    private static final String TERMINATE_PERSON = """
            UPDATE persons SET terminated_at = $2, terminated_by = $3 WHERE id = $1 AND terminated_at IS NULL
            """;
    private static final String TAKEN_PERSON_IDS = "SELECT id FROM persons WHERE id = ANY($1)";
    private static final String TAKEN_EXTERNAL_IDS = "SELECT external_id FROM persons WHERE external_id = ANY($1)";

    private static final String CREDENTIAL = "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials WHERE id = $1";
    private static final String CREDENTIALS_OF = "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials WHERE person_id = $1 ORDER BY id";
    private static final String REPLACED_BY = "SELECT id FROM credentials WHERE replaces = $1 LIMIT 1";
    private static final String TAKEN_CARDS = "SELECT card FROM credentials WHERE card = ANY($1)";
    /** A re-issued badge keeps the holder's PIN unless a new one is given: the hash is copied inside the database. */
    private static final String INSERT_CREDENTIAL = """
            INSERT INTO credentials (id, card, person_id, status, valid_from, valid_until, status_changed_at, status_changed_by,
                                     pin_hash, issued_at, issued_by, replaces)
            VALUES ($1, $2, $3, 'ACTIVE', $4, $5, $6, $7, COALESCE($8, (SELECT pin_hash FROM credentials WHERE id = $9)), $6, $7, $9)
            """;
    private static final String INSERT_STATUS_CHANGE = """
            INSERT INTO credential_status_changes (credential_id, from_status, to_status, at, actor, reason, approval_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """;
    /** The change and its history row in one statement; nothing when the badge is no longer in {@code $2}. */
    private static final String CHANGE_STATUS = """
            WITH changed AS (
                UPDATE credentials SET status = $3, status_changed_at = $4, status_changed_by = $5
                WHERE id = $1 AND status = $2 RETURNING id)
            INSERT INTO credential_status_changes (credential_id, from_status, to_status, at, actor, reason, approval_id)
            SELECT id, $2::text, $3::text, $4::timestamptz, $5::text, $6::text, $7::bigint FROM changed
            """;
    private static final String HISTORY = """
            SELECT id, credential_id, from_status, to_status, at, actor, reason, approval_id
            FROM credential_status_changes WHERE credential_id = $1 ORDER BY at, id
            """;
    private static final String GRANTS_OF = """
            SELECT id, access_level_id, valid_from, valid_until, state, approved_by FROM grants WHERE person_id = $1 ORDER BY id
            """;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Pool pool;
    private final PolicyStore policy;

    public PersonRegistry(Pool pool, PolicyStore policy) {
        this.pool = pool;
        this.policy = policy;
    }

    // ---- the views ----

    /** A person as the API shows it. */
    public record PersonRow(String id, String name, PersonType type, String organization, String externalId, Instant createdAt,
                            String createdBy, Instant terminatedAt, String terminatedBy) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("name", name).put("type", type.name()).put("organization", organization)
                    .put("externalId", externalId).put("createdAt", text(createdAt)).put("createdBy", createdBy)
                    .put("terminatedAt", text(terminatedAt)).put("terminatedBy", terminatedBy);
        }
    }

    /** A badge as the API shows it: whether it has a PIN, never the PIN's hash. */
    public record CredentialRow(String id, String card, String personId, CredentialStatus status, Instant validFrom, Instant validUntil,
                                Instant statusChangedAt, String statusChangedBy, Instant issuedAt, String issuedBy, String replaces,
                                String visitId, boolean hasPin) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("card", card).put("personId", personId).put("status", status.name())
                    .put("validFrom", text(validFrom)).put("validUntil", text(validUntil)).put("statusChangedAt", text(statusChangedAt))
                    .put("statusChangedBy", statusChangedBy).put("issuedAt", text(issuedAt)).put("issuedBy", issuedBy)
                    .put("replaces", replaces).put("visitId", visitId).put("hasPin", hasPin);
        }
    }

    /** One row of a badge's status history. */
    public record StatusChange(long id, String credentialId, String from, String to, Instant at, String actor, String reason,
                               Long approvalId) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("credentialId", credentialId).put("from", from).put("to", to)
                    .put("at", text(at)).put("actor", actor).put("reason", reason).put("approvalId", approvalId);
        }
    }

    /** A person to create. */
    public record NewPerson(String id, String name, PersonType type, String organization, String externalId) {
    }

    /**
     * A badge to issue, ACTIVE from {@code validFrom}. {@code pinHash} is the Argon2id hash (null: no
     * PIN, or for a re-issue the PIN of {@code replaces}); it is left out of {@link #toString}.
     */
    public record NewCredential(String id, String personId, CardNumber card, Instant validFrom, Instant validUntil, String pinHash,
                                String replaces) {
        @Override
        public String toString() {
            return "NewCredential[" + id + " " + card + " person=" + personId + "]";
        }
    }

    /** What a person search asks for; null members do not filter. {@code after} is the last id of the previous page. */
    public record Search(String name, String organization, String card, PersonType type, String externalId, String after, int limit) {
    }

    /** A page of a search and the {@code after} of the next one (null on the last page). */
    public record Page(List<PersonRow> persons, String next) {
    }

    /** A fresh id for a person or badge created without one: {@code prefix} and 64 random bits in hex. */
    public static String newId(String prefix) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return prefix + java.util.HexFormat.of().formatHex(b);
    }

    // ---- transactions ----

    /** Runs {@code work} as one policy change by {@code actor}: see {@link PolicyStore#transact}. */
    public <T> Future<PolicyStore.Changed<T>> change(String actor, String summary, Function<SqlConnection, Future<T>> work) {
        return policy.transact(actor, summary, work);
    }

    /** A transaction that changes no policy (a reinstatement requested or denied: only approvals and the audit trail). */
    public <T> Future<T> unversioned(Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(work);
    }

    // ---- reads ----

    /** A page of persons by id, matching every filter given (name and organization: case-insensitive substrings). */
    public Future<Page> search(Search s) {
        Tuple t = Tuple.tuple().addValue(s.after()).addValue(like(s.name())).addValue(like(s.organization())).addValue(s.card())
                .addValue(s.type() == null ? null : s.type().name()).addValue(s.externalId()).addValue(s.limit() + 1);
        return pool.preparedQuery(SEARCH).execute(t).map(rs -> {
            List<PersonRow> rows = map(rs, PersonRegistry::person);
            if (rows.size() <= s.limit()) {
                return new Page(rows, null);
            }
            List<PersonRow> page = rows.subList(0, s.limit());
            return new Page(List.copyOf(page), page.get(page.size() - 1).id());
        });
    }

    public Future<Optional<PersonRow>> person(SqlClient c, String id, boolean lock) {
        return c.preparedQuery(lock ? PERSON + LOCKED : PERSON).execute(Tuple.of(id)).map(rs -> first(rs, PersonRegistry::person));
    }

    public Future<Optional<PersonRow>> personByExternalId(SqlClient c, String externalId, boolean lock) {
        return c.preparedQuery(lock ? PERSON_BY_EXTERNAL_ID + LOCKED : PERSON_BY_EXTERNAL_ID).execute(Tuple.of(externalId))
                .map(rs -> first(rs, PersonRegistry::person));
    }

    public Future<List<CredentialRow>> credentialsOf(SqlClient c, String personId, boolean lock) {
        return c.preparedQuery(lock ? CREDENTIALS_OF + LOCKED : CREDENTIALS_OF).execute(Tuple.of(personId))
                .map(rs -> map(rs, PersonRegistry::credential));
    }

    public Future<Optional<CredentialRow>> credential(SqlClient c, String id, boolean lock) {
        return c.preparedQuery(lock ? CREDENTIAL + LOCKED : CREDENTIAL).execute(Tuple.of(id)).map(rs -> first(rs, PersonRegistry::credential));
    }

    /** The badge that re-issued {@code credentialId}, if any. */
    public Future<Optional<String>> replacedBy(SqlClient c, String credentialId) {
        return c.preparedQuery(REPLACED_BY).execute(Tuple.of(credentialId)).map(rs -> first(rs, r -> r.getString(0)));
    }

    public Future<List<StatusChange>> history(SqlClient c, String credentialId) {
        return c.preparedQuery(HISTORY).execute(Tuple.of(credentialId)).map(rs -> map(rs, r -> new StatusChange(r.getLong("id"),
                r.getString("credential_id"), r.getString("from_status"), r.getString("to_status"), instant(r, "at"), r.getString("actor"),
                r.getString("reason"), r.getLong("approval_id"))));
    }

    /** The person's grants (owned by the grant workflow; read here for the person's page). */
    public Future<JsonArray> grantsOf(SqlClient c, String personId) {
        return c.preparedQuery(GRANTS_OF).execute(Tuple.of(personId)).map(rs -> new JsonArray(map(rs, r -> new JsonObject()
                .put("id", r.getString("id")).put("accessLevelId", r.getString("access_level_id"))
                .put("validFrom", text(instant(r, "valid_from"))).put("validUntil", text(instant(r, "valid_until")))
                .put("state", r.getString("state")).put("approvedBy", r.getString("approved_by")))));
    }

    /** Which of {@code ids} are stored person ids. */
    public Future<Set<String>> takenPersonIds(SqlClient c, Collection<String> ids) {
        return taken(c, TAKEN_PERSON_IDS, ids);
    }

    /** Which of {@code externalIds} stored persons already have. */
    public Future<Set<String>> takenExternalIds(SqlClient c, Collection<String> externalIds) {
        return taken(c, TAKEN_EXTERNAL_IDS, externalIds);
    }

    /** Which of {@code cards} (canonical text) stored badges already carry. */
    public Future<Set<String>> takenCards(SqlClient c, Collection<String> cards) {
        return taken(c, TAKEN_CARDS, cards);
    }

    // ---- writes (on the connection of a change) ----

    public Future<Void> insertPersons(SqlClient c, List<NewPerson> persons, String actor, Instant at) {
        if (persons.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> rows = new ArrayList<>(persons.size());
        for (NewPerson p : persons) {
            rows.add(Tuple.of(p.id(), p.name(), p.type().name(), p.organization(), p.externalId(), odt(at), actor));
        }
        return c.preparedQuery(INSERT_PERSON).executeBatch(rows).mapEmpty();
    }

    public Future<Void> updatePerson(SqlClient c, String id, String name, PersonType type, String organization) {
        return c.preparedQuery(UPDATE_PERSON).execute(Tuple.of(id, name, type.name(), organization)).mapEmpty();
    }

    /** Sets the termination; false when the person was already terminated. */
    public Future<Boolean> setTerminated(SqlClient c, String id, Instant at, String actor) {
        return c.preparedQuery(TERMINATE_PERSON).execute(Tuple.of(id, odt(at), actor)).map(rs -> rs.rowCount() == 1);
    }

    /** Issues badges, each ACTIVE with its first history row (from nothing to ACTIVE, with {@code reason}). */
    public Future<Void> issue(SqlClient c, List<NewCredential> credentials, String actor, Instant at, String reason) {
        if (credentials.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> rows = new ArrayList<>(credentials.size());
        List<Tuple> history = new ArrayList<>(credentials.size());
        for (NewCredential n : credentials) {
            rows.add(Tuple.tuple().addValue(n.id()).addValue(n.card().toString()).addValue(n.personId()).addValue(odt(n.validFrom()))
                    .addValue(odt(n.validUntil())).addValue(odt(at)).addValue(actor).addValue(n.pinHash()).addValue(n.replaces()));
            history.add(Tuple.tuple().addValue(n.id()).addValue(null).addValue(CredentialStatus.ACTIVE.name()).addValue(odt(at))
                    .addValue(actor).addValue(reason).addValue(null));
        }
        return c.preparedQuery(INSERT_CREDENTIAL).executeBatch(rows)
                .compose(v -> c.preparedQuery(INSERT_STATUS_CHANGE).executeBatch(history)).mapEmpty();
    }

    /**
     * Moves a badge from its current status to {@code to} and writes the history row. False when the
     * badge is no longer in {@code from.status()} (lock it first to rule that out).
     */
    public Future<Boolean> changeStatus(SqlClient c, CredentialRow from, CredentialStatus to, Instant at, String actor, String reason,
                                        Long approvalId) {
        Tuple t = Tuple.tuple().addValue(from.id()).addValue(from.status().name()).addValue(to.name()).addValue(odt(at)).addValue(actor)
                .addValue(reason).addValue(approvalId);
        return c.preparedQuery(CHANGE_STATUS).execute(t).map(rs -> rs.rowCount() == 1);
    }

    // ---- mapping ----

    private static Future<Set<String>> taken(SqlClient c, String sql, Collection<String> values) {
        if (values.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return c.preparedQuery(sql).execute(Tuple.tuple().addArrayOfString(values.toArray(String[]::new))).map(rs -> {
            Set<String> out = new HashSet<>();
            rs.forEach(r -> out.add(r.getString(0)));
            return out;
        });
    }

    private static PersonRow person(Row r) {
        return new PersonRow(r.getString("id"), r.getString("name"), PersonType.valueOf(r.getString("type")), r.getString("organization"),
                r.getString("external_id"), instant(r, "created_at"), r.getString("created_by"), instant(r, "terminated_at"),
                r.getString("terminated_by"));
    }

    private static CredentialRow credential(Row r) {
        return new CredentialRow(r.getString("id"), r.getString("card"), r.getString("person_id"), CredentialStatus.valueOf(r.getString("status")),
                instant(r, "valid_from"), instant(r, "valid_until"), instant(r, "status_changed_at"), r.getString("status_changed_by"),
                instant(r, "issued_at"), r.getString("issued_by"), r.getString("replaces"), r.getString("visit_id"), r.getBoolean("has_pin"));
    }

    /** A case-insensitive substring pattern for ILIKE, with the pattern characters of {@code text} escaped. */
    static String like(String text) {
        if (text == null) {
            return null;
        }
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static <T> Optional<T> first(RowSet<Row> rs, Function<Row, T> f) {
        return rs.size() == 0 ? Optional.empty() : Optional.of(f.apply(rs.iterator().next()));
    }

    private static <T> List<T> map(RowSet<Row> rs, Function<Row, T> f) {
        List<T> out = new ArrayList<>(rs.size());
        rs.forEach(r -> out.add(f.apply(r)));
        return out;
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
