package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.HeartbeatRow;
import io.cagekeeper.reconciliation.input.Times;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * From each device's heartbeats in the period: LOG_GAP when more than {@code logGap.heartbeatSilence}
 * passes without one (from the start of the period to the first, between two, from the last to the end
 * of the period); CLOCK_DRIFT for each run of heartbeats whose device clock differs from the gateway's
 * arrival time by more than {@code clock.maxDrift} (one finding per run). Only devices that send
 * heartbeats are judged.
 */
public final class HeartbeatChecks {

    private final Run run;

    public HeartbeatChecks(Run run) {
        this.run = run;
    }

    public void run() {
        Map<String, List<HeartbeatRow>> byDevice = new TreeMap<>();
        for (HeartbeatRow h : run.inputs.heartbeats()) {
            if (run.inPeriod(h.at())) {
                byDevice.computeIfAbsent(h.device(), k -> new ArrayList<>()).add(h);
            }
        }
        byDevice.forEach((device, beats) -> {
            beats.sort(Comparator.comparingLong(HeartbeatRow::at));
            long previous = run.from;
            for (HeartbeatRow h : beats) {
                silence(device, previous, h.at());
                previous = h.at();
            }
            silence(device, previous, run.to);
            drift(device, beats);
        });
    }

    private void silence(String device, long from, long to) {
        if (to - from > run.settings.heartbeatSilence) {
            run.findings.add(ExceptionType.LOG_GAP, "silence:" + device + ":" + Times.iso(from), from, null, List.of(),
                    "no heartbeat from " + device + " between " + Times.iso(from) + " and " + Times.iso(to));
        }
    }

    private void drift(String device, List<HeartbeatRow> beats) {
        HeartbeatRow start = null;
        long worst = 0;
        for (HeartbeatRow h : beats) {
            long off = h.deviceTime() == Times.NONE ? 0 : h.deviceTime() - h.at();
            boolean bad = Math.abs(off) > run.settings.maxDrift;
            if (bad && start == null) {
                start = h;
                worst = off;
            } else if (bad && Math.abs(off) > Math.abs(worst)) {
                worst = off;
            } else if (!bad && start != null) {
                report(device, start, worst);
                start = null;
            }
        }
        if (start != null) {
            report(device, start, worst);
        }
    }

    private void report(String device, HeartbeatRow start, long worst) {
        run.findings.add(ExceptionType.CLOCK_DRIFT, "clock:" + device + ":" + Times.iso(start.at()), start.at(), null,
                List.of(), "clock of " + device + " off by up to " + worst / 1000 + " ms from " + Times.iso(start.at()));
    }
}
