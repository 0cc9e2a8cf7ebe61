package io.cagekeeper.gateway.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.it.DatabaseExtension;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * verify-log in its own snapshot (as the command and the API run it) counts each logged table before
 * searching it for rows the log lacks: the count must still see a row inserted behind the log's back
 * (committed, triggers off), and rows that wait in the inbox or were logged after the checkpoint are not
 * taken for unlogged ones. With a logged row deleted as well (the table's size unchanged) both are named:
 * a finding in the leaves makes it search every row.
 */
class UnloggedRowCountIT {

    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension();

    private static final String EVENT = "INSERT INTO events (event_key, type, source, received_at) VALUES ('%s', 'HEARTBEAT', 'module:m1', now())";

    @Test
    void namesACommittedRowInsertedBehindTheLogsBackThroughItsOwnSnapshotAndNothingWhenAllIsLogged() throws Exception {
        NoteKey key = NoteKey.generate("cagekeeper.test/count");
        LogAppender log = new LogAppender(db.vertx(), db.pool());
        log.load().await(10, TimeUnit.SECONDS);
        for (int i = 0; i < 30; i++) {
            Sql.exec(db, EVENT.formatted("k-" + i));
        }
        log.drain().await(1, TimeUnit.MINUTES);
        CheckpointPublisher checkpoints = new CheckpointPublisher(db.vertx(), db.pool(), log, "cagekeeper.test/count", List.of(key),
                Files.createTempDirectory("tlog-count"), CheckpointStamps.off(db.vertx(), db.pool()));
        checkpoints.start(3_600_000).await(10, TimeUnit.SECONDS);
        checkpoints.stopTimer();
        String note = checkpoints.latest();
        Sql.exec(db, EVENT.formatted("after-1")); // logged after the checkpoint
        log.drain().await(1, TimeUnit.MINUTES);
        Sql.exec(db, EVENT.formatted("waiting-1")); // waits in the inbox
        assertThat(verify(key, note).findings()).as("a later leaf and the inbox account for their rows").isEmpty();

        Sql.exec(db, "ALTER TABLE events DISABLE TRIGGER events_tlog");
        Sql.exec(db, EVENT.formatted("behind-1"));
        Sql.exec(db, "ALTER TABLE events ENABLE TRIGGER events_tlog");
        LogVerifier.Report r = verify(key, note);
        assertThat(r.findings()).hasSize(1);
        assertThat(r.first().toString()).contains("event").contains("the row is not in the log");

        Sql.exec(db, "DELETE FROM tlog_inbox WHERE row_id = (SELECT id FROM events WHERE event_key = 'waiting-1')");
        Sql.exec(db, "DELETE FROM events WHERE event_key = 'k-3'"); // the table's size as it was, one row unlogged, one logged row gone
        r = verify(key, note);
        assertThat(r.findings()).extracting(Object::toString).anyMatch(f -> f.contains("the row was deleted"))
                .anyMatch(f -> f.contains("the row is not in the log"));
    }

    private static LogVerifier.Report verify(NoteKey key, String note) throws SQLException {
        try (Connection c = Sql.connect(db)) { // autocommit: verify-log takes its own repeatable-read snapshot
            return new LogVerifier(key).verify(c, () -> Sql.connect(db), note, 0, Long.MAX_VALUE);
        }
    }
}
