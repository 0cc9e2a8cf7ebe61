package io.cagekeeper.gateway.it;

import io.cagekeeper.gateway.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The API's OpenAPI document ({@code openapi.yaml} on the class path) as the attack tests read it:
 * every operation with its method, path, roles ({@code x-roles}), path parameters and an example
 * request. The tests call what the document says, so an operation added to the document is attacked
 * without anyone writing a test for it. An example the document gives (a media type's
 * {@code example}/{@code examples}, a parameter's or schema's {@code example}) is used as is; without
 * one, a minimal value valid against the schema is made ({@link #sample}), preferring ids of the test
 * cage's seed (p-alice, c-alice, …) when they fit the pattern.
 */
final class OpenApiDocument {

    /** Ids of the {@link TestCage} seed tried first for a string with a pattern and no example. */
    private static final List<String> SEED_VALUES = List.of("p-alice", "c-alice", "g-alice", "1", "cage", "d1", "r1-in",
            "hall", "it-example", "An example text", "x");

    private final JsonObject root;

    private OpenApiDocument(JsonObject root) {
        this.root = root;
    }

    static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is not on the class path");
            }
            Object doc = new Yaml(new LoaderOptions()).load(in);
            return new OpenApiDocument((JsonObject) json(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML's maps, lists and scalars as Vert.x JSON (keys as text, timestamps as ISO text). */
    private static Object json(Object o) {
        if (o instanceof Map<?, ?> m) {
            JsonObject j = new JsonObject();
            m.forEach((k, v) -> j.put(String.valueOf(k), json(v)));
            return j;
        }
        if (o instanceof List<?> l) {
            JsonArray a = new JsonArray();
            l.forEach(v -> a.add(json(v)));
            return a;
        }
        if (o instanceof Date d) {
            return d.toInstant().toString();
        }
        return o;
    }

    /** One operation of the document. {@code bodySchema} is the resolved JSON body schema, null when it takes no JSON body. */
    record Operation(String method, String path, String id, List<String> tags, List<String> roles, JsonObject raw,
                     List<JsonObject> pathParameters, JsonObject requestBody, JsonObject bodySchema, Object bodyExample) {

        boolean isPublic() {
            return roles.contains("public");
        }

        /** True when {@code role} may call it by {@code x-roles}. */
        boolean allows(Role role) {
            return isPublic() || roles.contains("authenticated") || roles.contains(role.id());
        }

        boolean writes() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }

        boolean takesJson() {
            return bodySchema != null;
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + id + ")";
        }
    }

    JsonObject root() {
        return root;
    }

    /** Every operation, in the document's order. */
    List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        JsonObject paths = root.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            List<JsonObject> shared = parameters(item.getJsonArray("parameters"));
            for (String method : item.fieldNames()) {
                if (!List.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                    continue;
                }
                JsonObject op = item.getJsonObject(method);
                List<JsonObject> params = new ArrayList<>(shared);
                params.addAll(parameters(op.getJsonArray("parameters")));
                List<JsonObject> inPath = params.stream().filter(p -> "path".equals(p.getString("in"))).toList();
                JsonObject body = op.getJsonObject("requestBody") == null ? null : resolve(op.getJsonObject("requestBody"));
                JsonObject media = body == null ? null : body.getJsonObject("content", new JsonObject()).getJsonObject("application/json");
                JsonObject schema = media == null || media.getJsonObject("schema") == null ? null : resolve(media.getJsonObject("schema"));
                Object example = media == null ? null : example(media);
                out.add(new Operation(method.toUpperCase(Locale.ROOT), path, op.getString("operationId"), strings(op.getJsonArray("tags")),
                        strings(op.getJsonArray("x-roles")), op, inPath, body, schema, example));
            }
        }
        return out;
    }

    private List<JsonObject> parameters(JsonArray list) {
        List<JsonObject> out = new ArrayList<>();
        if (list != null) {
            list.forEach(p -> out.add(resolve((JsonObject) p)));
        }
        return out;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    /** Follows a local {@code $ref} (repeatedly); anything else as it is. */
    JsonObject resolve(JsonObject o) {
        while (o != null && o.getString("$ref") != null) {
            String ref = o.getString("$ref");
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local $ref are supported: " + ref);
            }
            JsonObject at = root;
            for (String part : ref.substring(2).split("/")) {
                at = at.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
            }
            o = at;
        }
        return o;
    }

    /** The example of a media type, parameter or schema, or null. */
    private static Object example(JsonObject o) {
        if (o.containsKey("example")) {
            return o.getValue("example");
        }
        JsonObject examples = o.getValue("examples") instanceof JsonObject e ? e : null;
        if (examples != null && !examples.isEmpty()) {
            Object first = examples.getValue(examples.fieldNames().iterator().next());
            return first instanceof JsonObject f ? f.getValue("value") : null;
        }
        if (o.getValue("examples") instanceof JsonArray a && !a.isEmpty()) {
            return a.getValue(0);
        }
        return null;
    }

    /**
     * The path with each path parameter replaced by its example (or a value made from its schema),
     * and each required query parameter added the same way.
     */
    String examplePath(Operation op) {
        String path = op.path();
        for (JsonObject p : op.pathParameters()) {
            path = path.replace("{" + p.getString("name") + "}", encode(parameterValue(p)));
        }
        List<String> query = new ArrayList<>();
        for (JsonObject p : queryParameters(op)) {
            if (p.getBoolean("required", false)) {
                query.add(encode(p.getString("name")) + "=" + encode(parameterValue(p)));
            }
        }
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }

    private Object parameterValue(JsonObject p) {
        Object v = example(p);
        return v != null ? v : sample(p.getJsonObject("schema", new JsonObject()));
    }

    private List<JsonObject> queryParameters(Operation op) {
        List<JsonObject> out = new ArrayList<>();
        JsonObject item = root.getJsonObject("paths").getJsonObject(op.path());
        List<JsonObject> all = new ArrayList<>(parameters(item.getJsonArray("parameters")));
        all.addAll(parameters(op.raw().getJsonArray("parameters")));
        all.stream().filter(p -> "query".equals(p.getString("in"))).forEach(out::add);
        return out;
    }

    private static String encode(Object v) {
        return URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The content type of the operation's request body (its first), or null when it takes none. */
    static String contentType(Operation op) {
        JsonObject content = op.requestBody() == null ? null : op.requestBody().getJsonObject("content");
        return content == null || content.isEmpty() ? null : content.fieldNames().iterator().next();
    }

    /** The example request body as bytes: the JSON example, or a non-JSON media type's example text; null without a body. */
    byte[] exampleBytes(Operation op) {
        String type = contentType(op);
        if (type == null) {
            return null;
        }
        if (op.takesJson()) {
            return exampleBody(op).encode().getBytes(StandardCharsets.UTF_8);
        }
        Object ex = example(op.requestBody().getJsonObject("content").getJsonObject(type));
        return String.valueOf(ex == null ? "" : ex).getBytes(StandardCharsets.UTF_8);
    }

    /** Calls the operation as {@code client} with its example path and body ({@code body} instead when not null). */
    HttpResponse<String> call(ApiClient client, Operation op, JsonObject body) throws Exception {
        byte[] bytes = body != null ? body.encode().getBytes(StandardCharsets.UTF_8) : exampleBytes(op);
        return client.sendBytes(op.method(), examplePath(op), contentType(op), bytes);
    }

    /** The operation's example JSON body, or a minimal one made from its schema; null when it takes no JSON body. */
    JsonObject exampleBody(Operation op) {
        if (!op.takesJson()) {
            return null;
        }
        Object v = op.bodyExample() != null ? op.bodyExample() : sample(op.bodySchema());
        return v instanceof JsonObject j ? j.copy() : new JsonObject();
    }

    /** A value valid against {@code schema}, as small as the schema allows. */
    Object sample(JsonObject schema) {
        JsonObject s = resolve(schema);
        if (s == null) {
            return "x";
        }
        Object ex = example(s);
        if (ex != null) {
            return ex;
        }
        if (s.containsKey("const")) {
            return s.getValue("const");
        }
        if (s.getJsonArray("enum") != null && !s.getJsonArray("enum").isEmpty()) {
            return s.getJsonArray("enum").getValue(0);
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (s.getJsonArray(combinator) != null) {
                return sample(s.getJsonArray(combinator).getJsonObject(0));
            }
        }
        if (s.getJsonArray("allOf") != null) {
            JsonObject merged = new JsonObject().put("type", "object").put("properties", new JsonObject()).put("required", new JsonArray());
            s.getJsonArray("allOf").forEach(part -> {
                JsonObject p = resolve((JsonObject) part);
                merged.getJsonObject("properties").mergeIn(p.getJsonObject("properties", new JsonObject()));
                merged.getJsonArray("required").addAll(p.getJsonArray("required", new JsonArray()));
            });
            return sample(merged);
        }
        return switch (type(s)) {
            case "object" -> {
                JsonObject out = new JsonObject();
                JsonObject props = s.getJsonObject("properties", new JsonObject());
                for (Object r : s.getJsonArray("required", new JsonArray())) {
                    out.put((String) r, sample(props.getJsonObject((String) r, new JsonObject())));
                }
                for (String name : props.fieldNames()) {
                    if (out.size() >= s.getInteger("minProperties", 0)) {
                        break;
                    }
                    out.put(name, sample(props.getJsonObject(name)));
                }
                yield out;
            }
            case "array" -> {
                JsonArray out = new JsonArray();
                JsonObject items = resolve(s.getJsonObject("items", new JsonObject()));
                JsonArray choices = items.getJsonArray("enum");
                for (int i = 0; i < s.getInteger("minItems", 0); i++) {
                    out.add(choices != null && i < choices.size() ? choices.getValue(i) : sample(items));
                }
                yield out;
            }
            case "integer", "number" -> {
                long min = s.getNumber("minimum") == null ? 1 : Math.max(1, s.getNumber("minimum").longValue());
                yield s.getNumber("maximum") == null ? min : Math.min(min, s.getNumber("maximum").longValue());
            }
            case "boolean" -> false;
            case "null" -> null;
            default -> string(s);
        };
    }

    /** The schema's type; the first that is not {@code null} when it lists several; object when it has properties. */
    static String type(JsonObject s) {
        Object t = s.getValue("type");
        if (t instanceof JsonArray a) {
            for (Object o : a) {
                if (!"null".equals(o)) {
                    return String.valueOf(o);
                }
            }
            return "null";
        }
        if (t == null) {
            return s.containsKey("properties") ? "object" : "string";
        }
        return String.valueOf(t);
    }

    private static String string(JsonObject s) {
        String format = s.getString("format");
        if ("date-time".equals(format)) {
            return Instant.now().plus(Duration.ofDays(1)).toString();
        }
        if ("date".equals(format)) {
            return LocalDate.now().plusDays(1).toString();
        }
        int min = s.getInteger("minLength", 0);
        int max = s.getInteger("maxLength", Integer.MAX_VALUE);
        Pattern pattern = s.getString("pattern") == null ? null : Pattern.compile(s.getString("pattern"));
        for (String candidate : SEED_VALUES) {
            if (candidate.length() >= min && candidate.length() <= max && (pattern == null || pattern.matcher(candidate).find())) {
                return candidate;
            }
        }
        return "a".repeat(Math.max(1, min));
    }

    /**
     * The places of the body's schema that hold text: member paths such as {@code ["reason"]} or
     * {@code ["window", "comment"]} (nested objects), and {@code ["roles", "[]"]} for an array of text.
     */
    List<List<String>> textFields(Operation op) {
        List<List<String>> out = new ArrayList<>();
        if (op.takesJson()) {
            collect(op.bodySchema(), new ArrayList<>(), out, 0);
        }
        return out;
    }

    private void collect(JsonObject schema, List<String> at, List<List<String>> out, int depth) {
        JsonObject s = resolve(schema);
        if (s == null || depth > 4) {
            return;
        }
        String type = type(s);
        if (type.equals("object")) {
            JsonObject props = s.getJsonObject("properties", new JsonObject());
            for (String name : props.fieldNames()) {
                List<String> next = new ArrayList<>(at);
                next.add(name);
                collect(props.getJsonObject(name), next, out, depth + 1);
            }
        } else if (type.equals("array")) {
            JsonObject items = resolve(s.getJsonObject("items", new JsonObject()));
            if (type(items).equals("string")) {
                List<String> next = new ArrayList<>(at);
                next.add("[]");
                out.add(next);
            }
        } else if (type.equals("string") && !at.isEmpty()) {
            out.add(at);
        }
    }

    /** {@code body} with the text field at {@code field} (from {@link #textFields}) set to {@code value}, parents made as needed. */
    static JsonObject with(JsonObject body, List<String> field, Object value) {
        JsonObject copy = body.copy();
        JsonObject at = copy;
        for (int i = 0; i < field.size() - 1; i++) {
            String name = field.get(i);
            if (i == field.size() - 2 && field.get(i + 1).equals("[]")) {
                at.put(name, new JsonArray().add(value));
                return copy;
            }
            if (!(at.getValue(name) instanceof JsonObject)) {
                at.put(name, new JsonObject());
            }
            at = at.getJsonObject(name);
        }
        at.put(field.get(field.size() - 1), value);
        return copy;
    }

    /** Operations by id, for tests that look one up. */
    Map<String, Operation> byId() {
        Map<String, Operation> out = new LinkedHashMap<>();
        operations().forEach(o -> out.put(o.id(), o));
        return out;
    }
}
