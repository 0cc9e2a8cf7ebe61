package io.cagekeeper.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.json.EncodeException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StoreFailuresTest {

    private static PgException pg(String state) {
        return new PgException("message " + state, "ERROR", state, "Failing row contains (secret)");
    }

    @Test
    void aRowPostgresqlRefusesForWhatItHoldsIsAContentRefusal() {
        assertThat(StoreFailures.refusedForContent(pg("22021"))).as("NUL in text").isTrue();
        assertThat(StoreFailures.refusedForContent(pg("22P05"))).as("NUL escape in jsonb").isTrue();
        assertThat(StoreFailures.refusedForContent(pg("23502"))).as("not null").isTrue();
        assertThat(StoreFailures.refusedForContent(pg("23514"))).as("check").isTrue();
        assertThat(StoreFailures.refusedForContent(pg("54000"))).as("index row too large").isTrue();
        assertThat(StoreFailures.refusedForContent(new EncodeException("not JSON"))).isTrue();
        assertThat(StoreFailures.refusedForContent(new RuntimeException("wrapped", pg("22021")))).isTrue();
    }

    @Test
    void aDatabaseThatCannotBeAskedOrARaceIsNotAContentRefusal() {
        assertThat(StoreFailures.refusedForContent(pg("23505"))).as("unique conflict: a race, retry").isFalse();
        assertThat(StoreFailures.refusedForContent(pg("08006"))).as("connection failure").isFalse();
        assertThat(StoreFailures.refusedForContent(pg("57P01"))).as("admin shutdown").isFalse();
        assertThat(StoreFailures.refusedForContent(pg("53300"))).as("too many connections").isFalse();
        assertThat(StoreFailures.refusedForContent(pg("40001"))).as("serialization").isFalse();
        assertThat(StoreFailures.refusedForContent(pg("42P01"))).as("missing table").isFalse();
        assertThat(StoreFailures.refusedForContent(new VertxException("Connection refused"))).isFalse();
        assertThat(StoreFailures.refusedForContent(new IOException("reset"))).isFalse();
    }

    @Test
    void theReasonIsPostgresqlsMessageNeverTheDetailThatQuotesTheRow() {
        assertThat(StoreFailures.reason(pg("23502"))).isEqualTo("message 23502").doesNotContain("secret");
        assertThat(StoreFailures.sqlState(pg("23502"))).isEqualTo("23502");
    }

    @Test
    void aLoneSurrogateThatTheDriverWouldQuietlyReplaceIsRefusedBeforeItGetsThere() {
        GatewayEvent lone = GatewayEvent.door("k", EventType.DOOR_OPENED, "d1", java.time.Instant.EPOCH, "s",
                java.util.Map.of("note", "x" + (char) 0xDC00));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StoreFailures.checkEncodable(lone))
                .satisfies(t -> assertThat(StoreFailures.refusedForContent(t)).isTrue())
                .satisfies(t -> assertThat(StoreFailures.reason(t)).contains("lone surrogate"));
        StoreFailures.checkEncodable(GatewayEvent.door("k", EventType.DOOR_OPENED, "d1", java.time.Instant.EPOCH,
                "nul " + (char) 0 + " is PostgreSQL's to refuse", java.util.Map.of()));
    }
}
