package io.cagekeeper.gateway.monitoring;

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

    boolean mqttConnected();

    /** Ready to take badges with everything recorded where it belongs: a policy loaded, nothing waiting in the journal. */
    static boolean ready(GatewayStatus s) {
        return s.policyLoaded() && s.journaled() == 0;
    }
}
