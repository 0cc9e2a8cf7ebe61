package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditEntry;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.policy.PersonRegistry;
import io.cagekeeper.gateway.policy.PersonRegistry.CredentialRow;
import io.cagekeeper.gateway.policy.PersonRegistry.NewPerson;
import io.cagekeeper.gateway.policy.PersonRegistry.PersonRow;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.PersonType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Persons (facilities writes; the desk and auditors read): search, the person with their badges and
 * grants, create, update, terminate, the CSV bulk import, and the HR feed's termination. A
 * termination, whoever sends it, takes one path ({@link #terminate}): the termination time and the
 * revocation of every badge of the person are one policy change, so the readers refuse the person
 * within a second of the answer.
 */
public final class PersonsRouter implements ApiResource {

    /** How far in the future a termination time may lie (clock skew between the HR system and this one). */
    static final Duration TERMINATION_SKEW = Duration.ofMinutes(5);
    private static final int DEFAULT_PAGE = 50;
    private static final int LISTED_ERRORS = 1_000;

    private final PersonRegistry registry;
    private final AuditTrail audit;

    public PersonsRouter(PersonRegistry registry, AuditTrail audit) {
        this.registry = registry;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listPersons", this::list)
                .on("getPerson", this::get)
                .on("createPerson", this::create)
                .on("updatePerson", this::update)
                .on("terminatePerson", this::terminatePerson)
                .on("importPersons", this::importPersons)
                .on("hrTermination", this::hrTermination);
    }

    private void list(RoutingContext ctx) {
        String card = Operations.query(ctx, "card");
        String type = Operations.query(ctx, "type");
        String limit = Operations.query(ctx, "limit");
        String canonical;
        try {
            canonical = card == null ? null : Cards.parse(card).toString();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
        var search = new PersonRegistry.Search(Operations.query(ctx, "name"), Operations.query(ctx, "organization"), canonical,
                type == null ? null : PersonType.valueOf(type.toUpperCase(Locale.ROOT)), Operations.query(ctx, "externalId"),
                Operations.query(ctx, "after"), limit == null ? DEFAULT_PAGE : Integer.parseInt(limit));
        Replies.reply(ctx, 200, registry.search(search).map(page -> new JsonObject()
                .put("persons", new JsonArray(page.persons().stream().map(PersonRow::toJson).toList())).put("next", page.next())),
                "persons unavailable");
    }

    private void get(RoutingContext ctx) {
        String id = Operations.path(ctx, "id");
        Future<JsonObject> result = registry.unversioned(c -> registry.person(c, id, false).compose(found -> {
            PersonRow p = found.orElseThrow(() -> new BadRequest(404, "no such person"));
            return registry.credentialsOf(c, id, false).compose(creds -> registry.grantsOf(c, id).map(grants -> p.toJson()
                    .put("credentials", new JsonArray(creds.stream().map(CredentialRow::toJson).toList())).put("grants", grants)));
        }));
        Replies.reply(ctx, 200, result, "persons unavailable");
    }

    private void create(RoutingContext ctx) {
        String actor = Operations.actor(ctx).id();
        JsonObject b = Operations.body(ctx);
        String id = b.getString("id") != null ? b.getString("id") : PersonRegistry.newId("p-");
        NewPerson p = new NewPerson(id, b.getString("name"), PersonType.valueOf(b.getString("type").toUpperCase(Locale.ROOT)),
                b.getString("organization"), b.getString("externalId"));
        Future<JsonObject> result = registry.change(actor, "person " + id + " created", c -> registry.insertPersons(c, List.of(p), actor, Instant.now())
                .compose(v -> registry.person(c, id, false))
                .compose(after -> audit.append(c, Replies.done(ctx, "persons", id, null, after.get().toJson())).map(after.get().toJson())))
                .map(PolicyStore.Changed::result);
        Replies.reply(ctx, 201, result, "persons unavailable");
    }

    private void update(RoutingContext ctx) {
        String actor = Operations.actor(ctx).id();
        String id = Operations.path(ctx, "id");
        JsonObject b = Operations.body(ctx);
        Future<JsonObject> result = registry.change(actor, "person " + id + " updated", c -> registry.person(c, id, true).compose(found -> {
            PersonRow p = found.orElseThrow(() -> new BadRequest(404, "no such person"));
            PersonType type = b.containsKey("type") ? PersonType.valueOf(b.getString("type").toUpperCase(Locale.ROOT)) : p.type();
            String organization = b.containsKey("organization") ? b.getString("organization") : p.organization();
            return registry.updatePerson(c, id, b.getString("name", p.name()), type, organization)
                    .compose(v -> registry.person(c, id, false))
                    .compose(after -> audit.append(c, Replies.done(ctx, "persons", id, p.toJson(), after.get().toJson()))
                            .map(after.get().toJson()));
        })).map(PolicyStore.Changed::result);
        Replies.reply(ctx, 200, result, "persons unavailable");
    }

    private void terminatePerson(RoutingContext ctx) {
        String id = Operations.path(ctx, "id");
        JsonObject b = Operations.body(ctx);
        Replies.reply(ctx, 200, terminate(ctx, "person " + id + " terminated", c -> registry.person(c, id, true),
                terminationTime(b), b.getString("reason")), "persons unavailable");
    }

    /** The HR feed: the same termination, found by the HR system's id when it has no person id. */
    private void hrTermination(RoutingContext ctx) {
        JsonObject b = Operations.body(ctx);
        String personId = b.getString("personId");
        String externalId = b.getString("externalId");
        if ((personId == null) == (externalId == null)) {
            throw new BadRequest(400, "give personId or externalId (one of them)");
        }
        Function<SqlClient, Future<Optional<PersonRow>>> find = personId != null ? c -> registry.person(c, personId, true)
                : c -> registry.personByExternalId(c, externalId, true);
        Replies.reply(ctx, 200, terminate(ctx, "termination from the HR feed", find, terminationTime(b), b.getString("reason")),
                "persons unavailable");
    }

    private static Instant terminationTime(JsonObject b) {
        Instant at = instant(b, "terminatedAt");
        if (at == null) {
            return Instant.now();
        }
        if (at.isAfter(Instant.now().plus(TERMINATION_SKEW))) {
            throw new BadRequest(422, "terminatedAt must not be in the future: send the termination when it takes effect");
        }
        return at;
    }

    /**
     * Terminates the person {@code find} locks and revokes every badge of theirs not yet revoked, each
     * with its status-change row (actor and reason), in one policy change with its audit rows. 404
     * unknown, 409 already terminated.
     */
    private Future<JsonObject> terminate(RoutingContext ctx, String summary, Function<SqlClient, Future<Optional<PersonRow>>> find,
                                         Instant at, String reason) {
        String actor = Operations.actor(ctx).id();
        Instant now = Instant.now();
        return registry.change(actor, summary, c -> find.apply(c).compose(found -> {
            PersonRow p = found.orElseThrow(() -> new BadRequest(404, "no such person"));
            if (p.terminatedAt() != null) {
                throw new BadRequest(409, "the person is already terminated");
            }
            return registry.setTerminated(c, p.id(), at, actor)
                    .compose(v -> registry.credentialsOf(c, p.id(), true))
                    .compose(creds -> revokeAll(ctx, c, creds, now, actor, reason))
                    .compose(revoked -> registry.person(c, p.id(), false).compose(after -> {
                        JsonObject json = after.get().toJson().put("revokedCredentials", new JsonArray(revoked));
                        return audit.append(c, Replies.done(ctx, "persons", p.id(), p.toJson(), json).withDetail(reason)).map(json);
                    }));
        })).map(PolicyStore.Changed::result);
    }

    /** Revokes each badge not yet REVOKED, one after the other on {@code c}; the ids revoked. */
    private Future<List<String>> revokeAll(RoutingContext ctx, SqlClient c, List<CredentialRow> creds, Instant at, String actor,
                                           String reason) {
        List<String> revoked = new ArrayList<>();
        Future<Void> f = Future.succeededFuture();
        for (CredentialRow cr : creds) {
            if (cr.status() == CredentialStatus.REVOKED) {
                continue;
            }
            f = f.compose(v -> registry.changeStatus(c, cr, CredentialStatus.REVOKED, at, actor, reason, null))
                    .compose(v -> registry.credential(c, cr.id(), false))
                    .compose(after -> {
                        revoked.add(cr.id());
                        return audit.append(c, Replies.done(ctx, "credentials", cr.id(), cr.toJson(), after.get().toJson()).withDetail(reason));
                    });
        }
        return f.map(v -> revoked);
    }

    // ---- the CSV import ----

    /** Refused import: the report is the answer (422), and the transaction is rolled back. */
    private static final class Refused extends RuntimeException {
        final JsonObject report;

        Refused(JsonObject report) {
            super("import refused", null, false, false);
            this.report = report;
        }
    }

    private void importPersons(RoutingContext ctx) {
        String actor = Operations.actor(ctx).id();
        boolean validRows = "valid-rows".equals(Operations.query(ctx, "mode"));
        boolean dryRun = "true".equals(Operations.query(ctx, "dryRun"));
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Instant now = Instant.now();
        PersonImport.Parsed parsed = PersonImport.parse(body, now, () -> PersonRegistry.newId("p-"), () -> PersonRegistry.newId("c-"));
        Future<JsonObject> result;
        if (dryRun) {
            result = registry.unversioned(c -> checked(c, parsed)).map(p -> report(p, validRows, true, 0, null));
        } else {
            result = registry.change(actor, "CSV import of persons", c -> checked(c, parsed).compose(p -> {
                if (p.valid().isEmpty() || (!p.errors().isEmpty() && !validRows)) {
                    throw new Refused(report(p, validRows, false, 0, null).put("error", p.rows() == 0 ? "the file has no persons"
                            : p.errors().size() + " problem(s) in the file: nothing was imported"));
                }
                return apply(ctx, c, p, actor, now).map(v -> p);
            })).map(changed -> report(changed.result(), validRows, false, changed.result().valid().size(), changed.version()));
        }
        result.onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof Refused r) {
                ApiErrors.json(ctx, 422, r.report);
            } else {
                Replies.reply(ctx, 200, result, "persons unavailable");
            }
        });
    }

    /** The parsed file checked against what is stored, on {@code c}. */
    private Future<PersonImport.Parsed> checked(SqlClient c, PersonImport.Parsed p) {
        return registry.takenPersonIds(c, PersonImport.personIds(p))
                .compose(ids -> registry.takenExternalIds(c, PersonImport.externalIds(p))
                        .compose(external -> registry.takenCards(c, PersonImport.cards(p))
                                .map(cards -> PersonImport.collisions(p, ids, external, cards))));
    }

    private Future<Void> apply(RoutingContext ctx, SqlClient c, PersonImport.Parsed p, String actor, Instant now) {
        List<NewPerson> persons = p.valid().stream().map(PersonImport.Entry::person).toList();
        var credentials = p.valid().stream().map(PersonImport.Entry::credential).filter(x -> x != null).toList();
        List<AuditEntry> trail = new ArrayList<>(persons.size());
        for (PersonImport.Entry e : p.valid()) {
            JsonObject after = new JsonObject().put("id", e.person().id()).put("name", e.person().name())
                    .put("type", e.person().type().name()).put("organization", e.person().organization())
                    .put("externalId", e.person().externalId()).put("row", e.row());
            if (e.credential() != null) {
                after.put("credential", new JsonObject().put("id", e.credential().id()).put("card", e.credential().card().toString()));
            }
            trail.add(Replies.done(ctx, "persons", e.person().id(), null, after));
        }
        return registry.insertPersons(c, persons, actor, now)
                .compose(v -> registry.issue(c, credentials, actor, now, "imported"))
                .compose(v -> audit.appendAll(c, trail));
    }

    private static JsonObject report(PersonImport.Parsed p, boolean validRows, boolean dryRun, int applied, Long version) {
        JsonArray errors = new JsonArray();
        p.errors().stream().limit(LISTED_ERRORS).forEach(e -> errors.add(e.toJson()));
        return new JsonObject().put("mode", validRows ? "valid-rows" : "all").put("dryRun", dryRun).put("rows", p.rows())
                .put("validRows", p.valid().size()).put("invalidRows", p.errors().stream().map(PersonImport.RowError::row).distinct().count())
                .put("applied", applied).put("policyVersion", version).put("errorCount", p.errors().size()).put("errors", errors);
    }

    /** An optional date-time member of a validated body; 400 when it does not parse. */
    static Instant instant(JsonObject b, String name) {
        String v = b.getString(name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest(400, name + " must be a date-time with its offset (2026-12-01T08:00:00Z)");
        }
    }
}
