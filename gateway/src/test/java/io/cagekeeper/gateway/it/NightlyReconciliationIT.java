package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The nightly run: a gateway started after the night's time reconciles the previous site-local day at
 * once (it missed the night), stores a finished report, and a restart does not ask for that day again.
 */
class NightlyReconciliationIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension(Map.of("reconciliation.nightlyAt", "00:00", "reconciliation.catchUpDelaySeconds", "0"));

    @Test
    void aGatewayThatMissedTheNightReconcilesYesterdayOnceAndARestartDoesNotRepeatIt() throws Exception {
        // the site's day, in the site's zone as the policy says
        java.time.ZoneId zone = java.time.ZoneId.of(env.cage().api.json(env.cage().get("/api/state"), 200).getString("siteTimeZone"));
        LocalDate today = LocalDate.now(zone);
        Instant from = today.minusDays(1).atStartOfDay(zone).toInstant();
        Instant to = today.atStartOfDay(zone).toInstant();
        String nightly = "SELECT r.id, r.requested_by, r.period_from, r.period_to, p.outcome, p.report_sha256 FROM reconciliations r"
                + " LEFT JOIN reconciliation_reports p ON p.reconciliation_id = r.id WHERE r.trigger = 'nightly'";
        Await.until(Duration.ofSeconds(60), "the nightly report", () -> {
            List<Map<String, Object>> rows = env.cage().query(nightly);
            return rows.size() == 1 && rows.get(0).get("outcome") != null;
        });
        Map<String, Object> row = env.cage().query(nightly).get(0);
        assertThat(row).containsEntry("outcome", "DONE").containsEntry("requested_by", "system:nightly-reconciliation");
        assertThat(((java.sql.Timestamp) row.get("period_from")).toInstant()).isEqualTo(from);
        assertThat(((java.sql.Timestamp) row.get("period_to")).toInstant()).isEqualTo(to);
        assertThat((String) row.get("report_sha256")).hasSize(64);

        env.cage().restartGateway();
        Thread.sleep(2_000);
        assertThat(env.cage().query(nightly)).hasSize(1);
    }
}
