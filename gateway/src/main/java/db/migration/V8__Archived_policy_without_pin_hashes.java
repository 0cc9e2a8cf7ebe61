package db.migration;

import io.cagekeeper.gateway.policy.PolicyDataCodec;
import io.cagekeeper.gateway.policy.SnapshotArchive;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.PolicyData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.regex.Matcher;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Version 8: takes the PIN hashes out of the policy versions archived before the archive stopped
 * keeping them ({@link SnapshotArchive#PIN_SET} takes their place). A Java migration because the
 * stored content hash must be recomputed over the scrubbed data, which only the engine can do; and it
 * is recomputed only for a row whose stored hash still matched its data, so a row edited before the
 * migration stays visibly edited to a replay instead of being blessed by it. A row that no longer
 * decodes loses its hashes by text substitution and keeps its (now mismatching) hash.
 */
public class V8__Archived_policy_without_pin_hashes extends BaseJavaMigration {

    private static final String WITH_HASHES = """
            SELECT version, content_hash, data FROM policy_snapshots WHERE data LIKE '%$argon2%' ORDER BY version
            """;
    private static final String REWRITE = """
            UPDATE policy_snapshots SET data = ?, content_hash = ? WHERE version = ?
            """;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (PreparedStatement select = c.prepareStatement(WITH_HASHES);
             PreparedStatement update = c.prepareStatement(REWRITE);
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                long version = rs.getLong("version");
                String storedHash = rs.getString("content_hash");
                String text = rs.getString("data");
                String newText;
                String newHash = storedHash;
                try {
                    PolicyData data = PolicyDataCodec.decode(text);
                    PolicyData scrubbed = SnapshotArchive.withoutPinHashes(data);
                    newText = PolicyDataCodec.encode(scrubbed);
                    if (PolicySnapshot.contentHashMatches(data, storedHash)) {
                        newHash = PolicySnapshot.contentHashOf(scrubbed);
                    }
                } catch (IllegalArgumentException unreadable) {
                    newText = text.replaceAll("\"\\$argon2[^\"]*\"", Matcher.quoteReplacement("\"" + SnapshotArchive.PIN_SET + "\""));
                }
                update.setString(1, newText);
                update.setString(2, newHash);
                update.setLong(3, version);
                update.executeUpdate();
            }
        }
    }
}
