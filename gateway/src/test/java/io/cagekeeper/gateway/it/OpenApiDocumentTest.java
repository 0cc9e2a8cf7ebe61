package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules every operation of {@code openapi.yaml} must follow, checked on the document itself so a
 * new operation that breaks one fails here, fast, before any server starts: an operationId (unique),
 * a first tag (the audit trail's resource), {@code x-roles} naming only known roles, and request
 * schemas that refuse unknown members ({@code additionalProperties: false}, at every depth) and bound
 * every text they take (a maxLength, an enum or a format).
 */
class OpenApiDocumentTest {

    static final Set<String> ROLES = Set.of("security-desk", "facilities", "auditor", "admin", "authenticated", "public");
    static final OpenApiDocument DOC = OpenApiDocument.load();

    @Test
    void everyOperationHasAUniqueOperationIdATagAndXRolesOfKnownRoles() {
        List<OpenApiDocument.Operation> ops = DOC.operations();
        assertThat(ops).isNotEmpty();
        Set<String> ids = new HashSet<>();
        for (OpenApiDocument.Operation op : ops) {
            assertThat(op.id()).as("operationId of " + op).isNotBlank().matches("[a-z][A-Za-z0-9]*");
            assertThat(ids.add(op.id())).as("operationId " + op.id() + " used twice").isTrue();
            assertThat(op.tags()).as("tags of " + op).isNotEmpty();
            assertThat(op.roles()).as("x-roles of " + op).isNotEmpty().allMatch(ROLES::contains);
            if (op.roles().contains("public") || op.roles().contains("authenticated")) {
                assertThat(op.roles()).as("x-roles of " + op + ": public/authenticated stand alone").hasSize(1);
            }
        }
    }

    @Test
    void auditorsMayCallNoWriteExceptTheirOwnSessionAndTheirOwnReconciliations() {
        // asking for a reconciliation and signing one off write the auditor's own work records, never the site's data
        for (OpenApiDocument.Operation op : DOC.operations()) {
            if (op.writes() && !op.tags().contains("session") && !op.tags().contains("reconciliations")) {
                assertThat(op.roles()).as("x-roles of " + op).doesNotContain("auditor", "authenticated");
            }
        }
    }

    @Test
    void everyRequestBodySchemaRefusesUnknownMembersAndBoundsItsText() {
        List<String> problems = new ArrayList<>();
        for (OpenApiDocument.Operation op : DOC.operations()) {
            if (op.takesJson()) {
                check(op.bodySchema(), op + " body", problems, 0);
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void check(JsonObject schema, String where, List<String> problems, int depth) {
        JsonObject s = DOC.resolve(schema);
        if (s == null || depth > 6) {
            return;
        }
        for (String alternatives : new String[] {"oneOf", "anyOf"}) {
            if (s.getJsonArray(alternatives) != null) {
                // each alternative must be bounded on its own (a {type: 'null'} branch bounds nothing and needs nothing)
                for (int i = 0; i < s.getJsonArray(alternatives).size(); i++) {
                    JsonObject branch = s.getJsonArray(alternatives).getJsonObject(i);
                    if (!"null".equals(branch.getValue("type"))) {
                        check(branch, where + "|" + i, problems, depth + 1);
                    }
                }
                return;
            }
        }
        switch (OpenApiDocument.type(s)) {
            case "object" -> {
                if (!Boolean.FALSE.equals(s.getValue("additionalProperties"))) {
                    problems.add(where + ": additionalProperties is not false");
                }
                JsonObject props = s.getJsonObject("properties", new JsonObject());
                for (String name : props.fieldNames()) {
                    check(props.getJsonObject(name), where + "." + name, problems, depth + 1);
                }
            }
            case "array" -> {
                if (s.getValue("maxItems") == null) {
                    problems.add(where + ": an array without maxItems");
                }
                check(s.getJsonObject("items", new JsonObject()), where + "[]", problems, depth + 1);
            }
            case "string" -> {
                if (s.getValue("maxLength") == null && s.getValue("enum") == null && s.getValue("format") == null && s.getValue("const") == null
                        && !boundedPattern(s.getString("pattern"))) {
                    problems.add(where + ": a string without maxLength, enum, format or a pattern of bounded length");
                }
            }
            default -> {
            }
        }
    }

    /** An anchored pattern without an unbounded repetition ({@code ^[a-z]{1,64}$}) bounds the length. */
    static boolean boundedPattern(String pattern) {
        if (pattern == null || !pattern.startsWith("^") || !pattern.endsWith("$")) {
            return false;
        }
        String outsideClasses = pattern.replaceAll("\\\\.", "").replaceAll("\\[[^\\]]*]", "");
        return !outsideClasses.matches(".*([*+]|\\{[0-9]*,}).*");
    }

    @Test
    void aPatternBoundsTheLengthOnlyWhenAnchoredAndWithoutUnboundedRepetition() {
        assertThat(boundedPattern("^[A-Za-z0-9_.:-]{1,64}$")).isTrue();
        assertThat(boundedPattern("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")).isTrue();
        assertThat(boundedPattern("^[^\\x00-\\x1F]+$")).isFalse();
        assertThat(boundedPattern("^a{1,}$")).isFalse();
        assertThat(boundedPattern("[a-z]{1,5}")).isFalse();
        assertThat(boundedPattern("^[*+]{1,5}$")).isTrue();
    }

    @Test
    void everyPathParameterIsRequiredAndPatterned() {
        for (OpenApiDocument.Operation op : DOC.operations()) {
            for (JsonObject p : op.pathParameters()) {
                assertThat(p.getBoolean("required", false)).as(op + " " + p.getString("name") + " required").isTrue();
                JsonObject schema = DOC.resolve(p.getJsonObject("schema", new JsonObject()));
                assertThat(schema.getString("pattern") != null || schema.getValue("enum") != null)
                        .as(op + " " + p.getString("name") + " has a pattern or enum").isTrue();
            }
            for (String name : pathNames(op.path())) {
                assertThat(op.pathParameters()).as(op + " declares {" + name + "}").anyMatch(p -> name.equals(p.getString("name")));
            }
        }
    }

    private static List<String> pathNames(String path) {
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
