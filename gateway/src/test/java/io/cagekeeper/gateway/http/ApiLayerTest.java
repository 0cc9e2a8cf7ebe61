package io.cagekeeper.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Host check that keeps a DNS-rebinding page out: loopback names and the configured names pass, nothing else. */
class ApiLayerTest {

    @Test
    void loopbackNamesAndAddressesAreAlwaysAllowed() {
        for (String host : new String[] {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", " localhost "}) {
            assertThat(ApiLayer.hostAllowed(host, Set.of())).as(host).isTrue();
        }
    }

    @Test
    void aConfiguredNameIsAllowedWhateverItsCase() {
        assertThat(ApiLayer.hostAllowed("cage.example", Set.of("cage.example"))).isTrue();
        assertThat(ApiLayer.hostAllowed("Cage.Example", Set.of("cage.example"))).isTrue();
        assertThat(ApiLayer.hostAllowed("10.0.0.5", Set.of("10.0.0.5"))).isTrue();
    }

    @Test
    void anyOtherNameIsRefusedEvenWhenItMerelyContainsAnAllowedOne() {
        for (String host : new String[] {"evil.example", "cage.example.evil.example", "evilcage.example", "127.0.0.1.nip.io",
                "localhost.evil.example", "127.0.0.1evil", "1270.0.0.1", "", " ", "[evil.example]"}) {
            assertThat(ApiLayer.hostAllowed(host, Set.of("cage.example"))).as(host).isFalse();
        }
        assertThat(ApiLayer.hostAllowed(null, Set.of("cage.example"))).isFalse();
    }

    @Test
    void anOriginIsThisServerOnlyWithTheSameSchemeHostAndPortDefaultPortsIncluded() {
        assertThat(ApiLayer.sameOrigin(java.net.URI.create("https://cage.example"), "cage.example", 443, true)).isTrue();
        assertThat(ApiLayer.sameOrigin(java.net.URI.create("https://cage.example"), "cage.example", -1, true)).isTrue();
        assertThat(ApiLayer.sameOrigin(java.net.URI.create("http://127.0.0.1:8080"), "127.0.0.1", 8080, false)).isTrue();
        assertThat(ApiLayer.sameOrigin(java.net.URI.create("http://[::1]:8080"), "[::1]", 8080, false)).isTrue();
        assertThat(ApiLayer.sameOrigin(java.net.URI.create("http://cage.example"), "cage.example", 443, true)).as("scheme").isFalse();
        assertThat(ApiLayer.sameOrigin(java.net.URI.create("https://cage.example:8443"), "cage.example", 443, true)).as("port").isFalse();
        assertThat(ApiLayer.sameOrigin(java.net.URI.create("https://evil.example"), "cage.example", 443, true)).as("host").isFalse();
        assertThat(ApiLayer.sameOrigin(java.net.URI.create("null"), "cage.example", 443, true)).as("opaque origin").isFalse();
    }
}
