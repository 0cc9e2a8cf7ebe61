package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A badge revoked by a change committed straight to the database (not through this gateway: another
 * gateway, an HR sync, an administrator) stops working at once: the commit notifies the gateway,
 * which swaps in the new snapshot. The time from commit to the new snapshot is printed (the figure
 * in BENCHMARKS.md); the test requires it within the one second the issue asks for.
 */
class RevocationIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    @Test
    void aBadgeRevokedInTheDatabaseIsRefusedWithinASecondOfTheCommit() throws Exception {
        assertThat(present()).contains("GRANT");
        long before = env.cage().gateway.policy().current().version();
        var db = env.backends().db();
        long committed;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("UPDATE credentials SET status = 'REVOKED', status_changed_at = now(), status_changed_by = 'hr-sync' WHERE id = 'c-alice'");
            s.execute("INSERT INTO policy_changes (changed_by, summary) VALUES ('hr-sync', 'Alice left the company')");
            c.commit();
            committed = System.nanoTime();
        }
        Await.until(Duration.ofSeconds(1), "new policy in force within 1 s of the commit",
                () -> env.cage().gateway.policy().current().version() > before);
        long inForceMs = (System.nanoTime() - committed) / 1_000_000;
        System.out.println("[it] revocation in force " + inForceMs + " ms after the commit");
        assertThat(present()).contains("DENY");
        var row = env.cage().awaitRow("SELECT * FROM events WHERE type = 'ACCESS_DENIED' AND card = '18:40211'");
        assertThat((String) row.get("reasons")).contains("CREDENTIAL_REVOKED");
        assertThat((String) row.get("sentence")).contains("by hr-sync");
    }

    @Test
    void theSecondlyCheckReadsNothingWhenTheVersionStaysAndANewVersionIsAppliedAsADelta() throws Exception {
        var policy = env.cage().gateway.policy();
        long loads = policy.loads();
        long patches = policy.patches();
        long version = policy.current().version();
        Thread.sleep(3_500); // three periodic checks
        assertThat(policy.loads()).as("full reads of an unchanged policy").isEqualTo(loads);
        var db = env.backends().db();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            s.execute("INSERT INTO policy_changes (changed_by, summary) VALUES ('test', 'nothing but a new version')");
        }
        Await.until(Duration.ofSeconds(3), "the new version read", () -> policy.current().version() > version);
        assertThat(policy.patches()).as("versions applied as deltas").isGreaterThan(patches);
        assertThat(policy.loads()).as("full reads after a logged change").isEqualTo(loads);
    }

    private static Optional<String> present() {
        String id = env.cage().reader.presentCard(Card.h10301(18, 40211), null);
        return env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result);
    }
}
