package io.cagekeeper.gateway.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.CanonicalJson;
import io.cagekeeper.gateway.it.DatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * verify-log reads rows with {@code row_to_json} where a table's column types allow, though a leaf is
 * defined by {@code to_jsonb}: on every logged table, with awkward values (escapes, control characters,
 * astral characters, arrays with NULLs, nested jsonb numbers, infinite and microsecond timestamps), both
 * give the same canonical leaf row; a column of another type (a float) makes verify-log read that table
 * by the definition, since there the two differ.
 */
class RowRenderingIT {

    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension();

    @Test
    void rowToJsonGivesTheSameLeafRowAsToJsonbOnEveryLoggedTableAndIsUsedOnlyWhereItsColumnsAllow() throws Exception {
        try (Connection c = Sql.connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO events (event_key, type, source, door_id, device_seq, device_ts, received_at, card, person_id, result,
                                        reasons, decided_by, snapshot_version, sentence, flags, detail)
                    VALUES ('k"1\\', 'ACCESS_GRANTED', 'reader:r1', NULL, 9223372036854775807, '2026-12-02 18:00:00.123456+05:30',
                            'infinity', '18:1', 'p-é中😀', 'GRANT', ARRAY['a"b', NULL, 'x y', 'back\\slash'], NULL, -1,
                            E'line\\nbreak\\ttab\\u0001 ctl "quoted" \\\\ é中😀', '{}',
                            '{"n": 1.50, "e": 1e5, "big": 123456789012345678901234567890, "neg": -0.0, "s": "é\\n", "arr": [1, null, {"z": []}]}'),
                           ('k2', 'DOOR_FORCED', 'door:d1', 'd1', NULL, NULL, '-infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                            '{f1,"f 2"}', NULL)
                    """);
            s.execute("""
                    INSERT INTO audit_trail (actor, address, action, resource, resource_id, outcome, status, before, after, detail, request_id)
                    VALUES ('u-admin', '127.0.0.1', 'person.update', 'persons', 'p-1', 'DONE', 200, '{"name": "Ann \\"A\\""}',
                            '{"name": "Ann B", "levels": [1, 2.5e-3]}', E'a\\tb', 'r-1')
                    """);
            s.execute("INSERT INTO policy_changes (changed_by, summary, delta_rows) VALUES ('u-admin', E'grant \"x\"\\n', 3)");
            s.execute("INSERT INTO policy_deltas (version, tbl, key, op, image) SELECT max(version), 'grants', 'g-1', 'I', "
                    + "'{\"valid_until\": null, \"n\": 0.1}' FROM policy_changes");
            s.execute("INSERT INTO tlog_erasures (key_id, erased_by, rule, events) VALUES (1, 'dpo', 'retention 90 d', 12)");
            s.execute("SET TimeZone = 'UTC'");

            Map<String, String> render = LogVerifier.renderings(c);
            for (LoggedRows.Table t : LoggedRows.TABLES) {
                assertThat(render.get(t.kind())).as(t.name()).isEqualTo(LoggedRows.ROW_TO_JSON);
                int rows = 0;
                try (ResultSet rs = s.executeQuery("SELECT " + LoggedRows.TO_JSONB + ", " + LoggedRows.ROW_TO_JSON + " FROM " + t.name() + " t")) {
                    while (rs.next()) {
                        rows++;
                        assertThat(new String(CanonicalJson.encode(LeafCodec.parse(rs.getString(2))), java.nio.charset.StandardCharsets.UTF_8))
                                .as(t.name()).isEqualTo(new String(CanonicalJson.encode(LeafCodec.parse(rs.getString(1))),
                                        java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                assertThat(rows).as(t.name()).isPositive();
            }

            c.setAutoCommit(false);
            s.execute("ALTER TABLE policy_changes ADD COLUMN f float8");
            s.execute("UPDATE policy_changes SET f = 1e100");
            assertThat(LogVerifier.renderings(c)).containsEntry("policy_change", LoggedRows.TO_JSONB).containsEntry("event", LoggedRows.ROW_TO_JSON);
            try (ResultSet rs = s.executeQuery("SELECT " + LoggedRows.TO_JSONB + ", " + LoggedRows.ROW_TO_JSON + " FROM policy_changes t")) {
                rs.next();
                assertThat(CanonicalJson.encode(LeafCodec.parse(rs.getString(2)))).as("why floats are read by the definition")
                        .isNotEqualTo(CanonicalJson.encode(LeafCodec.parse(rs.getString(1))));
            }
            c.rollback();
        }
    }
}
