package io.cagekeeper.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MusterPageTest {

    @Test
    void everyValueIsEscapedAndThePageHasNoScriptNorInlineStyle() {
        JsonObject person = new JsonObject().put("personId", "p1").put("name", "<script>alert(1)</script>")
                .put("organization", "\"Quotes\" & 'apostrophes'").put("type", "VISITOR").put("enteredAt", "2026-12-01T08:00:00Z")
                .put("door", "d1");
        JsonObject muster = new JsonObject().put("asOf", "2026-12-01T09:00:00Z").put("since", "2026-11-30T09:00:00Z").put("total", 1)
                .put("zones", new JsonArray().add(new JsonObject().put("zone", "cage").put("name", "Cage <1>").put("count", 1)
                        .put("people", new JsonArray().add(person)))
                        .add(new JsonObject().put("zone", "hall").put("name", "Hall").put("count", 0).put("people", new JsonArray())));
        String html = MusterPage.render(muster, ZoneId.of("Europe/Paris"));
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&quot;Quotes&quot; &amp; &#39;apostrophes&#39;")
                .contains("Cage &lt;1&gt;").contains("2026-12-01 09:00:00").doesNotContain("<script").doesNotContain("style=")
                .doesNotContain(">Hall<");
    }
}
