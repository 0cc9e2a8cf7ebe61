package io.cagekeeper.gateway.mqtt;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.util.Set;

/**
 * The embedded broker's topic ACL, the same as the one {@code PkiCommand mosquitto-conf} writes for
 * Mosquitto: a reader (user name = reader id) may publish only its own credential, status and event
 * messages of the one site and subscribe only to its own indications; the gateway may subscribe to
 * the site's reader topics and publish only indications. Anonymous clients (only when the operator
 * allowed them) keep the old unrestricted access. {@code siteOrNull} null means any site (test
 * brokers shared by gateways of random sites).
 */
final class BrokerTopicPolicy implements IAuthorizatorPolicy {

    private static final Set<String> READER_WRITES = Set.of("credential", "status", "event");

    private final String prefix;
    private final String siteOrNull;
    private final String gatewayUser;

    BrokerTopicPolicy(String prefix, String siteOrNull, String gatewayUser) {
        this.prefix = prefix;
        this.siteOrNull = siteOrNull;
        this.gatewayUser = gatewayUser;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        if (user == null) {
            return true; // anonymous: only reachable when the operator allowed anonymous clients
        }
        String[] t = readerTopic(topic);
        if (t == null) {
            return false;
        }
        return user.equals(gatewayUser) ? t[4].equals("indicate") : t[3].equals(user) && READER_WRITES.contains(t[4]);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        if (user == null) {
            return true;
        }
        String[] t = readerTopic(topic);
        if (t == null) {
            return user.equals(gatewayUser) && topic.toString().equals(prefix + "/" + site() + "/readers/#");
        }
        return user.equals(gatewayUser) || t[3].equals(user) && t[4].equals("indicate");
    }

    private String site() {
        return siteOrNull == null ? "+" : siteOrNull;
    }

    /** {@code prefix/site/readers/x/y} of this site (wildcards only in the last two levels), else null. */
    private String[] readerTopic(Topic topic) {
        String[] t = topic.toString().split("/", -1);
        if (t.length != 5 || !t[0].equals(prefix) || !t[2].equals("readers")) {
            return null;
        }
        boolean siteOk = siteOrNull == null ? !t[1].equals("#") : t[1].equals(siteOrNull);
        return siteOk && !t[3].equals("#") ? t : null;
    }
}
