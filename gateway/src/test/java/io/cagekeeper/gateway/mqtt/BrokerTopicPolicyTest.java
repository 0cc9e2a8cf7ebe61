package io.cagekeeper.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.moquette.broker.subscriptions.Topic;
import org.junit.jupiter.api.Test;

class BrokerTopicPolicyTest {

    private final BrokerTopicPolicy acl = new BrokerTopicPolicy("cage", "dc1", "gw");

    @Test
    void aReaderPublishesOnlyItsOwnCredentialStatusAndEventOfItsSite() {
        assertThat(write("cage/dc1/readers/r1/credential", "r1")).isTrue();
        assertThat(write("cage/dc1/readers/r1/status", "r1")).isTrue();
        assertThat(write("cage/dc1/readers/r1/event", "r1")).isTrue();
        assertThat(write("cage/dc1/readers/r2/credential", "r1")).as("as another reader").isFalse();
        assertThat(write("cage/dc2/readers/r1/credential", "r1")).as("under another site").isFalse();
        assertThat(write("cage/dc1/readers/r1/indicate", "r1")).as("an indication").isFalse();
        assertThat(write("other/dc1/readers/r1/credential", "r1")).as("another prefix").isFalse();
        assertThat(write("cage/dc1/readers/r1/credential/x", "r1")).as("deeper").isFalse();
    }

    @Test
    void aReaderSubscribesOnlyToItsOwnIndications() {
        assertThat(read("cage/dc1/readers/r1/indicate", "r1")).isTrue();
        assertThat(read("cage/dc1/readers/+/indicate", "r1")).isFalse();
        assertThat(read("cage/dc1/readers/r2/indicate", "r1")).isFalse();
        assertThat(read("cage/dc1/readers/r1/credential", "r1")).isFalse();
        assertThat(read("cage/#", "r1")).isFalse();
    }

    @Test
    void theGatewayReadsItsSitesReaderTopicsAndWritesOnlyIndications() {
        assertThat(read("cage/dc1/readers/+/+", "gw")).isTrue();
        assertThat(read("cage/dc1/readers/#", "gw")).isTrue();
        assertThat(read("cage/+/readers/+/+", "gw")).as("every site").isFalse();
        assertThat(read("#", "gw")).isFalse();
        assertThat(write("cage/dc1/readers/r1/indicate", "gw")).isTrue();
        assertThat(write("cage/dc1/readers/r1/credential", "gw")).as("a forged credential").isFalse();
    }

    @Test
    void withoutASiteEverySiteIsAllowedButTheTopicShapeStillIsNot() {
        BrokerTopicPolicy any = new BrokerTopicPolicy("cage", null, "gw");
        assertThat(any.canWrite(new Topic("cage/x9/readers/r1/credential"), "r1", "r1")).isTrue();
        assertThat(any.canRead(new Topic("cage/+/readers/+/+"), "gw", "gw")).isTrue();
        assertThat(any.canWrite(new Topic("cage/x9/readers/r2/credential"), "r1", "r1")).isFalse();
    }

    private boolean write(String topic, String user) {
        return acl.canWrite(new Topic(topic), user, user);
    }

    private boolean read(String topic, String user) {
        return acl.canRead(new Topic(topic), user, user);
    }
}
