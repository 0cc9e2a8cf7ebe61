package io.cagekeeper.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The text check of the parse: every member name and string, at any depth, must be storable in PostgreSQL. */
class StorableJsonTest {

    private static final String NUL = "a\u0000b";
    private static final String LONE = "a\ud800b";

    @Test
    void acceptsOrdinaryTextNumbersBooleansAndNullsAtAnyDepth() {
        JsonObject o = new JsonObject().put("s", "caf\u00e9 \ud83d\ude00").put("n", 1).put("b", true).putNull("z")
                .put("o", new JsonObject().put("a", new JsonArray().add("x").add(2).add(new JsonObject().put("k", "v"))));
        assertThat(StorableJson.all(o)).isTrue();
        assertThat(StorableJson.all(new JsonObject())).isTrue();
        assertThat(StorableJson.storable("plain")).isTrue();
        assertThat(StorableJson.storable(null)).isTrue();
    }

    @Test
    void refusesANulOrALoneSurrogateInAMemberName() {
        assertThat(StorableJson.all(new JsonObject().put(NUL, 1))).isFalse();
        assertThat(StorableJson.all(new JsonObject().put("ok", 1).put(LONE, 1))).isFalse();
        assertThat(StorableJson.all(new JsonObject().put("o", new JsonObject().put("\udc00", 1)))).isFalse();
    }

    @Test
    void refusesANulOrALoneSurrogateInAStringAtAnyDepth() {
        assertThat(StorableJson.all(new JsonObject().put("s", NUL))).isFalse();
        assertThat(StorableJson.all(new JsonObject().put("ok", "x").put("s", LONE))).isFalse();
        assertThat(StorableJson.all(new JsonObject().put("o", new JsonObject().put("s", NUL)))).isFalse();
        assertThat(StorableJson.all(new JsonObject().put("a", new JsonArray().add("x").add(LONE)))).isFalse();
        assertThat(StorableJson.all(new JsonObject().put("a", new JsonArray().add(new JsonArray().add(NUL))))).isFalse();
        assertThat(StorableJson.all(new JsonObject().put("a", new JsonArray().add(new JsonObject().put(NUL, 1))))).isFalse();
        assertThat(StorableJson.storable(NUL)).isFalse();
        assertThat(StorableJson.storable(LONE)).isFalse();
    }

    /** Maps and collections a caller put into the object unconverted are walked like objects and arrays. */
    @Test
    void walksPlainMapsAndCollectionsAsWell() {
        Map<Object, Object> inner = new LinkedHashMap<>();
        inner.put("k", "v");
        assertThat(StorableJson.all(new JsonObject().put("m", Set.of(inner)))).isTrue();
        inner.put("s", NUL);
        assertThat(StorableJson.all(new JsonObject().put("m", Set.of(inner)))).isFalse();
        Map<Object, Object> badKey = new LinkedHashMap<>();
        badKey.put(LONE, "v");
        assertThat(StorableJson.all(new JsonObject().put("m", Set.of(badKey)))).isFalse();
        Map<Object, Object> notText = new LinkedHashMap<>();
        notText.put(7, "v");
        assertThat(StorableJson.all(new JsonObject().put("m", Set.of(notText)))).isFalse();
        assertThat(StorableJson.all(new JsonObject().put("m", Set.of(List.of("x", NUL))))).isFalse();
        assertThat(StorableJson.all(new JsonObject().put("m", Set.of(List.of("x"))))).isTrue();
    }
}
