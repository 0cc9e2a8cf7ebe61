package io.cagekeeper.gateway.bench;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import io.cagekeeper.gateway.mqtt.NoDelaySocketFactory;
import io.cagekeeper.sim.door.DoorModuleSimulator;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The latency floor of this machine, measured in the same run as the gateway: what the spine cannot
 * beat because it needs at least one MQTT request/response through the broker and one Modbus write.
 * <ul>
 *   <li>MQTT: a QoS 1 request through the private Mosquitto to an echo client that answers with QoS 1,
 *       Nagle off on both clients and the broker, open loop at {@code rate}.</li>
 *   <li>Modbus: write-single-coil round trips (j2mod {@code ModbusTCPMaster}) to a fresh simulated
 *       module that the gateway does not poll, paced at {@code rate}. The master is synchronous, so a
 *       late request is measured from its intended time too.</li>
 * </ul>
 */
final class FloorProbe {

    private FloorProbe() {
    }

    static Latencies mqttRoundTrip(String brokerUri, int rate, int seconds) throws Exception {
        Latencies out = new Latencies("floor: MQTT QoS1 round trip");
        int count = rate * seconds;
        long[] due = new long[count];
        CountDownLatch answered = new CountDownLatch(count);
        try (MqttAsyncClient echo = client(brokerUri, "bench-echo"); MqttAsyncClient requester = client(brokerUri, "bench-req")) {
            echo.setCallback(callback((topic, m) -> {
                MqttMessage reply = new MqttMessage(m.getPayload());
                reply.setQos(1);
                echo.publish("bench/floor/resp", reply);
            }));
            requester.setCallback(callback((topic, m) -> {
                long arrived = EpochNanos.ofMonotonic(System.nanoTime());
                int i = ByteBuffer.wrap(m.getPayload()).getInt();
                out.recordNanos(arrived - due[i]);
                answered.countDown();
            }));
            echo.subscribe("bench/floor/req", 1).waitForCompletion(10_000);
            requester.subscribe("bench/floor/resp", 1).waitForCompletion(10_000);
            OpenLoop loop = new OpenLoop(rate);
            loop.run(count, i -> {
                due[i] = loop.dueEpochNanos(i);
                MqttMessage m = new MqttMessage(ByteBuffer.allocate(64).putInt(i).array());
                m.setQos(1);
                try {
                    requester.publish("bench/floor/req", m);
                } catch (Exception e) {
                    throw new IllegalStateException("floor publish failed: " + e.getMessage(), e);
                }
            });
            if (!answered.await(30, TimeUnit.SECONDS)) {
                System.out.println("[bench] floor: " + answered.getCount() + " MQTT echoes never came back");
            }
            echo.disconnect().waitForCompletion(5_000);
            requester.disconnect().waitForCompletion(5_000);
        }
        return out;
    }

    static Latencies modbusWrite(int rate, int seconds) throws Exception {
        Latencies out = new Latencies("floor: Modbus write coil");
        int count = rate * seconds;
        try (DoorModuleSimulator module = DoorModuleSimulator.start("127.0.0.1", 0, 1)) {
            ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", module.port(), 1_000, false);
            master.connect();
            try {
                OpenLoop loop = new OpenLoop(rate);
                loop.run(count, i -> {
                    long due = loop.dueNanos(i);
                    try {
                        master.writeCoil(1, 0, i % 2 == 0);
                    } catch (Exception e) {
                        throw new IllegalStateException("floor Modbus write failed: " + e.getMessage(), e);
                    }
                    out.recordNanos(System.nanoTime() - due);
                });
            } finally {
                master.disconnect();
            }
        }
        return out;
    }

    private static MqttAsyncClient client(String brokerUri, String id) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(brokerUri, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setMaxInflight(2_000);
        o.setSocketFactory(new NoDelaySocketFactory());
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    @FunctionalInterface
    private interface Arrival {
        void on(String topic, MqttMessage m) throws Exception;
    }

    private static MqttCallback callback(Arrival arrival) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                System.out.println("[bench] floor client lost its connection: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                arrival.on(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

}
