package io.cagekeeper.gateway.monitoring;

import io.vertx.core.Future;
import java.util.Map;

/**
 * What the monitoring listener reads off the running gateway. Every method must answer at any point
 * of the start-up (the listener starts first, so that a probe sees "not ready" rather than nothing).
 */
public interface GatewayStatus {

    /** Whether a policy is loaded: without one every credential would be refused. */
    boolean policyLoaded();

    /** The loaded policy's version, -1 when none is. */
    long policyVersion();

    /** Events in the local journal, not yet in the database (where auditors look). */
    long journaled();

    /** Events accepted and not yet durable (stored, journaled or quarantined): what a crash now could cost. */
    long eventsPending();

    boolean mqttConnected();

    /**
     * Alarms not cleared, by severity name (a severity with none may be absent); asked at every scrape, so a
     * scrape after an alarm is stored shows it. Empty before the database is there; failed when it cannot be asked.
     */
    Future<Map<String, Long>> openAlarms();

    /** Ready to take badges with everything recorded where it belongs: a policy loaded, nothing waiting in the journal. */
    static boolean ready(GatewayStatus s) {
        return s.policyLoaded() && s.journaled() == 0;
    }
}
