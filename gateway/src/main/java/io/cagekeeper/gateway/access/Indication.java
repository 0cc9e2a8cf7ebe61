package io.cagekeeper.gateway.access;

import io.cagekeeper.policy.decision.Result;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * What a reader shows. The text is a generic word on purpose: the reason a person was refused
 * belongs in the log, not on a display anyone in the corridor can read.
 */
public record Indication(String replyTo, Result result, String led, int beep, String text, Integer openMs) {

    public static Indication grant(String replyTo, long openMs) {
        return new Indication(replyTo, Result.GRANT, "green", 1, "Welcome", (int) openMs);
    }

    public static Indication deny(String replyTo) {
        return new Indication(replyTo, Result.DENY, "red", 3, "Access denied", null);
    }

    public static Indication pending(String replyTo, String text) {
        return new Indication(replyTo, Result.PENDING, "amber", 2, text, null);
    }

    public byte[] toJson() {
        JsonObject o = new JsonObject().put("v", 1).put("replyTo", replyTo).put("result", result.name())
                .put("led", led).put("beep", beep).put("text", text);
        if (openMs != null) {
            o.put("openMs", openMs);
        }
        return o.encode().getBytes(StandardCharsets.UTF_8);
    }
}
