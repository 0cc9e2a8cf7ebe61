package io.cagekeeper.gateway.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.CanonicalJson;
import io.cagekeeper.gateway.it.DatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * verify-log reads rows column by column ({@link ColumnRows}) where a table's column types allow, though a
 * leaf is defined by {@code to_jsonb}: on every logged table, with awkward values (escapes, control
 * characters, astral characters, arrays with NULLs and a "NULL" string, a two-dimensional array, nested
 * jsonb numbers, a jsonb scalar and a JSON null, infinite, BC, five-digit-year and microsecond
 * timestamps), both give the same canonical row and the same leaf, read by a statement PostgreSQL has
 * prepared (the driver then reads in binary) as by one it has not; a column of another type (a float)
 * makes verify-log read that table by the definition.
 */
class RowRenderingIT {

    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension();

    @Test
    void columnsGiveTheSameLeafRowAsToJsonbOnEveryLoggedTableAndAreReadOnlyWhereTheirTypesAllow() throws Exception {
        try (Connection c = Sql.connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO events (event_key, type, source, door_id, device_seq, device_ts, received_at, card, person_id, result,
                                        reasons, decided_by, snapshot_version, sentence, flags, detail)
                    VALUES ('k"1\\', 'ACCESS_GRANTED', 'reader:r1', NULL, 9223372036854775807, '2026-12-02 18:00:00.123456+05:30',
                            'infinity', '18:1', 'p-é中😀', 'GRANT', ARRAY['a"b', NULL, 'x y', 'back\\slash', 'NULL', ''], NULL, -1,
                            E'line\\nbreak\\ttab\\u0001 ctl "quoted" \\\\ é中😀', '{}',
                            '{"n": 1.50, "e": 1e5, "big": 123456789012345678901234567890, "neg": -0.0, "s": "é\\n", "arr": [1, null, {"z": []}]}'),
                           ('k2', 'DOOR_FORCED', 'door:d1', 'd1', NULL, '0044-03-15 12:00:00.5+00 BC', '-infinity', NULL, NULL, NULL,
                            '{{a,b},{c,NULL}}', NULL, NULL, NULL, '{f1,"f 2"}', '"just a string"'),
                           ('k3', 'HEARTBEAT', 'door:d2', 'd2', 0, '12026-01-01 00:00:00+00', '2026-12-02 18:00:00+00', NULL, NULL, NULL,
                            '{}', NULL, NULL, 'heartbeat', '{}', 'null')
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

            Map<String, ColumnRows> columns = LogVerifier.columns(c);
            for (LoggedRows.Table t : LoggedRows.TABLES) {
                ColumnRows byColumns = columns.get(t.kind());
                assertThat(byColumns).as(t.name()).isNotNull();
                Map<Long, String> defined = new TreeMap<>();
                try (PreparedStatement p = c.prepareStatement(LoggedRows.jdbc(t.byRange(LoggedRows.TO_JSONB)))) {
                    p.setLong(1, Long.MIN_VALUE + 1);
                    p.setLong(2, Long.MAX_VALUE);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            defined.put(rs.getLong(1), rs.getString(2));
                        }
                    }
                }
                assertThat(defined).as(t.name()).isNotEmpty();
                // seven times: from the fifth the driver uses a server-prepared statement and reads the integers in binary
                try (PreparedStatement p = c.prepareStatement(LoggedRows.jdbc(byColumns.byRange()))) {
                    for (int run = 0; run < 7; run++) {
                        p.setLong(1, Long.MIN_VALUE + 1);
                        p.setLong(2, Long.MAX_VALUE);
                        int rows = 0;
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                rows++;
                                String doc = defined.get(rs.getLong(1));
                                Object[] values = byColumns.read(rs);
                                assertThat(text(CanonicalJson.encode(byColumns.row(values)))).as(t.name() + " run " + run)
                                        .isEqualTo(text(CanonicalJson.encode(LeafCodec.parse(doc))));
                                for (boolean hashed : new boolean[] {false, true}) {
                                    assertThat(leaf(t.kind(), LeafCodec.split(t.kind(), byColumns.row(values), hashed)))
                                            .isEqualTo(leaf(t.kind(), LeafCodec.split(t.kind(), doc, hashed)));
                                }
                            }
                        }
                        assertThat(rows).as(t.name()).isEqualTo(defined.size());
                    }
                }
            }

            c.setAutoCommit(false);
            s.execute("ALTER TABLE policy_changes ADD COLUMN f float8");
            s.execute("UPDATE policy_changes SET f = 1e100");
            assertThat(LogVerifier.columns(c)).as("floats are read by the definition: to_jsonb writes 1e100 as 1 and 100 zeros")
                    .doesNotContainKey("policy_change").containsKey("event");
            c.rollback();
        }
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static String leaf(String kind, LeafCodec.Split split) {
        byte[] mac = split.personal() == null ? null : LeafCodec.personalMac(new byte[32], split.personal());
        return text(LeafCodec.leaf(kind, 7, split.row(), mac));
    }
}
