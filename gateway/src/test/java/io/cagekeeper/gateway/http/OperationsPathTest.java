package io.cagekeeper.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OpenAPI paths become Vert.x route paths; a validator's message cannot carry the input back. */
class OperationsPathTest {

    @Test
    void turnsEachOpenApiPathParameterIntoAVertxOne() {
        assertThat(Operations.vertxPath("/api/users")).isEqualTo("/api/users");
        assertThat(Operations.vertxPath("/api/users/{id}")).isEqualTo("/api/users/:id");
        assertThat(Operations.vertxPath("/api/users/{id}/password-reset")).isEqualTo("/api/users/:id/password-reset");
        assertThat(Operations.vertxPath("/api/zones/{zoneId}/doors/{door_id}")).isEqualTo("/api/zones/:zoneId/doors/:door_id");
    }

    @Test
    void leavesBracesThatAreNotAParameterAlone() {
        assertThat(Operations.vertxPath("/api/{not-a-name}")).isEqualTo("/api/{not-a-name}");
    }

    @Test
    void aValidatorMessageLosesItsControlCharactersAndIsCutAt300Characters() {
        assertThat(Operations.plain("bad\u0000value\r\nX-Injected: 1")).doesNotContain("\u0000").doesNotContain("\r").doesNotContain("\n");
        String cut = Operations.plain("x".repeat(10_000));
        assertThat(cut).hasSize(301).endsWith("…");
        assertThat(Operations.plain(null)).isEqualTo("bad request");
    }
}
