package io.cagekeeper.policy.bench;

import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Grant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * jCasbin 1.81.0 deciding the subset both engines share, on the same data and queries: RBAC (person
 * to access level to door) with each person-to-level link valid only inside the grant's window. It is
 * the fastest formulation found (STACK.md): RBAC with link conditions, doors as role links, a matcher
 * that never scans {@code p}. jCasbin is handed the person id directly (no card lookup) and checks no
 * schedule, badge status or termination, so it does strictly less than {@link DecisionBenchmark}.
 * Setup cross-checks both engines on the requests where they should agree and refuses to run if they
 * do not.
 */
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class CasbinBenchmark {

    static final String MODEL = String.join("\n",
            "[request_definition]", "r = sub, obj",
            "[policy_definition]", "p = sub, obj",
            "[role_definition]", "g = _, _, (_, _)",
            "[policy_effect]", "e = some(where (p.eft == allow))",
            "[matchers]", "m = g(r.sub, r.obj)");

    @Param({"1000", "100000", "1000000"})
    public int credentials;

    private Enforcer enforcer;
    private BenchData.Query[] queries;
    private int next;
    /** The request time the link condition compares against (jCasbin conditions only see stored params). */
    private long nowEpochSecond;

    @Setup(Level.Trial)
    public void setUp() {
        BenchData data = BenchData.generate(credentials, 42);
        queries = data.queries(1 << 16, 7);
        enforcer = build(data);
        crossCheck(data);
        data.data = null;
        System.gc();
    }

    private Enforcer build(BenchData data) {
        Enforcer e = new Enforcer(Model.newModelFromString(MODEL));
        e.enableAutoBuildRoleLinks(false);
        List<List<String>> links = new ArrayList<>();
        for (int l = 0; l < BenchData.LEVELS; l++) {
            for (String door : data.levelDoors.get(l)) {
                links.add(List.of("L" + l, door, "_", "_"));
            }
        }
        for (Grant g : data.data.grants()) {
            links.add(List.of(g.personId(), g.accessLevelId(), Long.toString(g.validFrom().getEpochSecond()),
                    g.validUntil() == null ? "_" : Long.toString(g.validUntil().getEpochSecond())));
        }
        e.addNamedGroupingPolicies("g", links);
        e.buildRoleLinks();   // before the condition functions: building the links resets them
        for (Grant g : data.data.grants()) {
            e.addNamedLinkConditionFunc("g", g.personId(), g.accessLevelId(), args -> {
                long now = nowEpochSecond;
                return ("_".equals(args[0]) || now >= Long.parseLong(args[0]))
                        && ("_".equals(args[1]) || now < Long.parseLong(args[1]));
            });
            e.setNamedLinkConditionFuncParams("g", g.personId(), g.accessLevelId(),
                    Long.toString(g.validFrom().getEpochSecond()),
                    g.validUntil() == null ? "_" : Long.toString(g.validUntil().getEpochSecond()));
        }
        return e;
    }

    /** Both engines must agree wherever only RBAC and the grant window decide. */
    private void crossCheck(BenchData data) {
        PolicySnapshot snapshot = PolicySnapshot.compile(1, data.data);
        PolicyEngine engine = new PolicyEngine();
        int compared = 0;
        for (BenchData.Query q : queries) {
            Decision d = engine.decide(snapshot, q.request());
            ReasonCode r = d.reasons().get(0);
            boolean sharedRule = r == ReasonCode.ACCESS_LEVEL_GRANTED || r == ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR
                    || r == ReasonCode.GRANT_NOT_VALID_NOW;
            if (!sharedRule) {
                continue;
            }
            nowEpochSecond = q.request().at().getEpochSecond();
            if (enforcer.enforce(q.personId(), q.doorId()) != d.granted()) {
                throw new IllegalStateException("jCasbin and the engine disagree on " + q + ": " + d);
            }
            compared++;
        }
        if (compared < queries.length / 2) {
            throw new IllegalStateException("only " + compared + " comparable queries");
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public boolean throughput() {
        return enforce();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean latency() {
        return enforce();
    }

    private boolean enforce() {
        BenchData.Query q = queries[next++ & 0xFFFF];
        nowEpochSecond = q.request().at().getEpochSecond();
        return enforcer.enforce(q.personId(), q.doorId());
    }
}
