/**
 * Access decisions: compile {@link io.cagekeeper.policy.engine.PolicySnapshot}s from
 * {@link io.cagekeeper.policy.model.PolicyData}, decide requests with
 * {@link io.cagekeeper.policy.engine.PolicyEngine}.
 *
 * <p>How a gateway uses it, per site:
 * <pre>{@code
 * PolicySnapshot snapshot = PolicySnapshot.compile(version, data);      // on every policy change
 * EngineState state = EngineState.fromLines(persistedLines);            // or EngineState.initial()
 * Outcome o = engine.decide(snapshot, state, request);                  // per badge, one thread per site
 * state = o.next();                                                     // swap, persist state.toLines()
 * record(RecordedDecision.of(request, before, o, snapshot), o.facts()); // audit: decision + facts
 * state = state.doorOpened(doorId) / doorClosed / doorReleased / relocked / fireAlarm(on) / withThreatLevel(l)
 * Transition t = state.forgive(personId, operator, now);                // t.state(), audit t.fact()
 * }</pre>
 * Decisions on one site must be serialised (each needs the state the previous one produced); the
 * engine itself holds no state and is safe to share.
 */
package io.cagekeeper.policy.engine;
