package io.cagekeeper.gateway.http;

import io.cagekeeper.policy.lint.LintFinding;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Lint findings as JSON (API) and as text lines (command), in one place. */
public final class LintReport {

    private LintReport() {
    }

    public static JsonArray toJson(List<LintFinding> findings) {
        JsonArray out = new JsonArray();
        for (LintFinding f : findings) {
            out.add(new JsonObject().put("severity", f.severity().name()).put("check", f.check().name())
                    .put("subject", f.subject()).put("message", f.message()));
        }
        return out;
    }

    public static String toText(LintFinding f) {
        return f.severity() + "\t" + f.check() + "\t" + f.subject() + "\t" + f.message();
    }
}
