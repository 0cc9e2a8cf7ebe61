package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Policy lint over the stored policy, through the API and the command line. */
class PolicyLintIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    @BeforeAll
    static void seedDeadPolicy() throws Exception {
        Instant now = Instant.now();
        env.cage().change(List.of(
                PolicyStore.upsertGrant(new Grant("g-old", "p-alice", "cage", now.minus(Duration.ofDays(30)),
                        now.minus(Duration.ofDays(1)), "desk")),
                PolicyStore.upsertPerson(new Person("p-gone", "Gone Person", PersonType.EMPLOYEE, now.minus(Duration.ofDays(2)))),
                PolicyStore.upsertGrant(new Grant("g-gone", "p-gone", "cage", now.minus(Duration.ofDays(30)), null, "desk"))));
    }

    @Test
    void theApiReportsAnExpiredGrantAndAGrantOfATerminatedPerson() throws Exception {
        HttpResponse<String> r = env.cage().api.get("/api/policy/lint");
        assertThat(r.statusCode()).isEqualTo(200);
        var findings = new JsonObject(r.body()).getJsonArray("findings");
        assertThat(findings.stream().map(o -> ((JsonObject) o).getString("check") + " " + ((JsonObject) o).getString("subject")))
                .anyMatch(s -> s.startsWith("GRANT_EXPIRED") && s.contains("g-old"))
                .anyMatch(s -> s.startsWith("GRANT_OF_TERMINATED_PERSON") && s.contains("g-gone"));
    }

    @Test
    void theCommandPrintsTheFindingsAndFailsOnAnError() throws Exception {
        var db = env.backends().db();
        var props = env.backends().dir().resolve("lint.properties");
        java.nio.file.Files.writeString(props, String.join("\n", "db.mode=external", "db.host=" + db.host(), "db.port=" + db.port(),
                "db.database=" + db.database(), "db.user=" + db.user(),
                "db.password=" + db.password()));
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = io.cagekeeper.gateway.policy.PolicyLintCommandAccess.run(props.toString());
        } finally {
            System.setOut(out);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("GRANT_OF_TERMINATED_PERSON").contains("g-gone").contains("GRANT_EXPIRED");
        assertThat(code).as("an ERROR finding fails the command").isEqualTo(1);
    }
}
