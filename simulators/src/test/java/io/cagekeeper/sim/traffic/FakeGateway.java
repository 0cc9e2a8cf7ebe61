package io.cagekeeper.sim.traffic;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The least gateway that lets traffic flow, for testing the traffic generator only: grants a credential
 * whose card member is in {@code allowed}, pulses the relay mapped to its reader, and answers.
 */
final class FakeGateway implements AutoCloseable {

    private static final Pattern MSG_ID = Pattern.compile("\"msgId\":\"([^\"]+)\"");
    private static final Pattern CARD = Pattern.compile("\"card\":(\\{[^}]*\\})");
    private static final Pattern READER = Pattern.compile("readers/([^/]+)/credential");

    private final MqttClient mqtt;
    private final ModbusTCPMaster modbus;

    FakeGateway(String brokerUri, int modbusPort, Map<String, Integer> relayByReader, Set<String> allowed) throws Exception {
        modbus = new ModbusTCPMaster("127.0.0.1", modbusPort);
        modbus.connect();
        for (int relay : relayByReader.values()) {
            modbus.writeSingleRegister(1, relay, new SimpleRegister(50)); // 500 ms pulses
        }
        mqtt = new MqttClient(brokerUri, "fake-gw-" + UUID.randomUUID(), new MemoryPersistence());
        mqtt.connect(new MqttConnectOptions());
        mqtt.subscribe("cage/+/readers/+/credential", 1, (topic, m) -> {
            String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
            String msgId = group(MSG_ID, payload);
            String reader = group(READER, topic);
            boolean grant = allowed.contains(group(CARD, payload));
            if (grant) {
                modbus.writeCoil(1, relayByReader.get(reader), true);
            }
            String answer = "{\"v\":1,\"replyTo\":\"" + msgId + "\",\"result\":\"" + (grant ? "GRANT" : "DENY")
                    + "\",\"led\":\"" + (grant ? "green" : "red") + "\",\"beep\":1}";
            mqtt.publish(topic.replace("/credential", "/indicate"), answer.getBytes(StandardCharsets.UTF_8), 1, false);
        });
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : "";
    }

    @Override
    public void close() throws Exception {
        mqtt.disconnect();
        mqtt.close();
        modbus.disconnect();
    }
}
