package io.cagekeeper.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.it.Await;
import io.cagekeeper.gateway.it.DatabaseExtension;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an earlier run left on disk, replayed by a new event log against a real PostgreSQL: a journal
 * with a refused event and a line that is not an event between good ones, and a quarantine file
 * written while the database was away. Everything good is stored, everything else quarantined with
 * its alarm, and nothing waits afterwards.
 */
class DurableEventLogIT {

    private static final byte[] KEY = JournalTest.KEY;

    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension();

    private static GatewayEvent door(String key, EventType type, String sentence) {
        return GatewayEvent.door(key, type, "d9", Instant.now(), sentence, Map.of());
    }

    @Test
    void aJournalAndQuarantineFileLeftByAnEarlierRunEndUpStoredOrQuarantinedAndNothingWaits() throws Exception {
        Path dir = Files.createTempDirectory(db.backends().dir(), "journal");
        Journal old = new Journal(dir, KEY);
        old.append(door("left-1", EventType.DOOR_OPENED, "opened"));
        old.append(door("left-nul", EventType.DOOR_FORCED_OPEN, "forced " + (char) 0));
        old.close();
        Files.write(dir.resolve("events.journal"), "not an event\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        // a stranger's line (no MAC) is refused like an edited one: kept in the quarantine, never replayed
        Journal again = new Journal(dir, KEY);
        again.append(door("left-2", EventType.DOOR_CLOSED, "closed"));
        again.quarantineFile().append(List.of(QuarantineEntry.refused(new RefusedEvent(door("left-file", EventType.DOOR_OPENED,
                "x" + (char) 0), new PgException("invalid byte sequence", "ERROR", "22021", null)), Instant.now())));
        again.close();

        DurableEventLog log = new DurableEventLog(db.vertx(), new EventStore(db.pool()), new Journal(dir, KEY), new io.cagekeeper.gateway.access.Metrics());
        log.start(100).await(10, TimeUnit.SECONDS);
        assertThat(log.journaling()).isTrue();
        assertThat(log.waitingInJournal()).isEqualTo(4);
        assertThat(log.waitingInQuarantineFile()).isEqualTo(1);
        Await.until(Duration.ofSeconds(15), "journal and quarantine file drained", () -> !log.journaling()
                && log.waitingInQuarantineFile() == 0 && log.waitingInJournal() == 0);

        assertThat(keys("SELECT event_key AS k FROM events WHERE event_key LIKE 'left-%' ORDER BY id")).containsExactly("left-1", "left-2");
        assertThat(keys("SELECT coalesce(event_key, encoding || ':' || content) AS k FROM quarantined_events ORDER BY id"))
                .containsExactlyInAnyOrder("left-file", "left-nul", "text:not an event");
        assertThat(keys("SELECT type AS k FROM alarms WHERE state = 'ACTIVE' ORDER BY type"))
                .as("the refused forced door still raises its alarm").containsExactly("DOOR_FORCED_OPEN", "EVENT_QUARANTINED");
        assertThat(log.quarantine().pending().await(10, TimeUnit.SECONDS)).isEqualTo(3L);
        assertThat(Files.size(dir.resolve("events.journal"))).isZero();
        log.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void refusesOnReplayAJournalLineEditedWhileTheDatabaseWasDownAndRaisesTheAlarm() throws Exception {
        Path dir = Files.createTempDirectory(db.backends().dir(), "journal");
        Journal old = new Journal(dir, KEY);
        old.append(door("mac-kept", EventType.DOOR_OPENED, "opened"));
        old.append(door("mac-edited", EventType.DOOR_FORCED_OPEN, "forced"));
        old.close();
        Path file = dir.resolve("events.journal");
        // the intruder turns the forced door into an ordinary close, keeping the line well-formed
        Files.writeString(file, Files.readString(file).replace("DOOR_FORCED_OPEN", "DOOR_CLOSED").replace("\"forced\"", "\"closed\""));

        DurableEventLog log = new DurableEventLog(db.vertx(), new EventStore(db.pool()), new Journal(dir, KEY), new io.cagekeeper.gateway.access.Metrics());
        log.start(100).await(10, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(15), "journal drained", () -> !log.journaling() && log.waitingInJournal() == 0);

        assertThat(keys("SELECT event_key AS k FROM events WHERE event_key LIKE 'mac-%' ORDER BY id")).containsExactly("mac-kept");
        assertThat(keys("SELECT reason AS k FROM quarantined_events WHERE content LIKE '%mac-edited%'"))
                .containsExactly("journal line fails its MAC: edited outside the gateway (or torn by a crash)");
        assertThat(keys("SELECT type AS k FROM events WHERE type = 'EVENT_QUARANTINED' AND sentence LIKE '%fails its MAC%'"))
                .as("a notice in the event log").isNotEmpty();
        assertThat(keys("SELECT type AS k FROM alarms WHERE state = 'ACTIVE' AND type = 'EVENT_QUARANTINED'")).isNotEmpty();
        log.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void anOrderlyStopWritesEveryEventStillQueuedBeforeItClosesTheJournal() throws Exception {
        Path dir = Files.createTempDirectory(db.backends().dir(), "journal");
        DurableEventLog log = new DurableEventLog(db.vertx(), new EventStore(db.pool()), new Journal(dir, KEY), new io.cagekeeper.gateway.access.Metrics());
        log.start(100).await(10, TimeUnit.SECONDS);
        int n = 20_000;
        io.vertx.core.Promise<Void> appended = io.vertx.core.Promise.promise();
        db.vertx().runOnContext(v -> {
            for (int i = 0; i < n; i++) {
                log.append(door("stop-" + i, EventType.DOOR_OPENED, "opened"));
            }
            appended.complete();
        });
        appended.future().await(30, TimeUnit.SECONDS);
        log.stop().await(90, TimeUnit.SECONDS);
        assertThat(log.pending()).isZero();
        assertThat(keys("SELECT count(*)::text AS k FROM events WHERE event_key LIKE 'stop-%'")).containsExactly(Integer.toString(n));
    }

    private static List<String> keys(String sql) throws Exception {
        return db.pool().query(sql).execute().await(10, TimeUnit.SECONDS).stream().map((Row r) -> r.getString("k")).toList();
    }
}
