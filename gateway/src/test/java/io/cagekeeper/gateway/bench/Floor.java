package io.cagekeeper.gateway.bench;

import java.util.List;
import java.util.Locale;

/**
 * The floor next to one load phase: a bare MQTT round trip plus a bare Modbus write, measured just
 * before the phase so that both see the same machine (on a shared 2-core VM the background load of
 * other builds moves p99 by an order of magnitude from one minute to the next). Its percentiles are the
 * sums of the two paths' percentiles: at p99 that is at least the p99 of the sum, so it errs in the
 * gateway's favour, which the report says. {@link #QUIET_P99_MS} is the same floor on a quiet machine of
 * this kind (STACK.md: 4.7 ms MQTT + 3.3 ms Modbus), the stricter yardstick.
 */
record Floor(Latencies mqtt, Latencies modbus) {

    static final double QUIET_P99_MS = 4.7 + 3.3;

    static Floor measure(String brokerUri, int rate, int seconds) throws Exception {
        return new Floor(FloorProbe.mqttRoundTrip(brokerUri, rate, seconds), FloorProbe.modbusWrite(rate, seconds));
    }

    double ms(double percentile) {
        return mqtt.ms(percentile) + modbus.ms(percentile);
    }

    List<String> lines() {
        return List.of(mqtt.line(), modbus.line(), String.format(Locale.ROOT,
                "floor (sum of the two)       p50=%8.2f ms  p99=%8.2f ms  p99.9=%8.2f ms", ms(50), ms(99), ms(99.9)));
    }

    List<String> rows() {
        return List.of(mqtt.row(), modbus.row());
    }
}
