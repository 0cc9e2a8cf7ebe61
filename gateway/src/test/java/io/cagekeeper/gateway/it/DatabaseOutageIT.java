package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL goes away under traffic (the connection is cut and refused) and comes back: decisions
 * go on, events are journaled locally and fsync'd, then replayed in order; every event ends up as
 * exactly one row.
 */
class DatabaseOutageIT {

    @RegisterExtension
    static final OutageCageExtension env = new OutageCageExtension();

    @Test
    void losesNoEventWhileTheDatabaseIsUnreachableAndStoresEachExactlyOnceAfterwards() throws Exception {
        List<String> before = present(5);
        env.proxy().cut();
        List<String> during = present(20);
        assertThat(env.cage().gateway.eventLog().journaling()).isTrue();
        // the indication goes out before the event is written: give the last one a moment
        Await.until(Duration.ofSeconds(5), "20 events journaled", () -> env.cage().gateway.eventLog().journaledCount() >= 20);
        env.proxy().restore();
        List<String> after = present(5);
        List<String> all = new ArrayList<>(before);
        all.addAll(during);
        all.addAll(after);
        Await.until(Duration.ofSeconds(30), "all credential events stored", () ->
                ((Number) env.cage().query("SELECT count(*) AS n FROM events WHERE type = 'ACCESS_GRANTED'").get(0).get("n")).intValue() >= all.size());
        for (String msgId : all) {
            assertThat(((Number) env.cage().query("SELECT count(*) AS n FROM events WHERE event_key = 'reader:r1-in:" + msgId + "'")
                    .get(0).get("n")).intValue()).as("rows for " + msgId).isEqualTo(1);
        }
        Await.until(Duration.ofSeconds(10), "journal drained", () -> !env.cage().gateway.eventLog().journaling());
    }

    /** Presents Alice's card n times; each must be granted (the decision needs no database). */
    private List<String> present(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = env.cage().reader.presentCard(Card.h10301(18, 40211), null);
            assertThat(env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
            ids.add(id);
        }
        return ids;
    }
}
