package io.cagekeeper.policy.replay;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.state.ApbMark;
import io.cagekeeper.policy.state.EngineState;
import io.cagekeeper.policy.state.Pending;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the engine state one decision can read, which is what a decision record keeps. The
 * whole state of a busy site (every open or released door, every anti-passback mark, every pending
 * companion) would be stored again with each of thousands of decisions a minute, most of it about
 * other people and other doors; a replay needs only what this request could have consulted:
 * <ul>
 *   <li>the threat level and the fire alarm (site-wide);</li>
 *   <li>the anti-passback marks and PIN failures of the badge's owner and credential;</li>
 *   <li>what waits at this door (an escort's visitor, a first person of two);</li>
 *   <li>open and released facts of this door and of its mantrap partners (interlock).</li>
 * </ul>
 * Deciding the request against the projection gives exactly the decision made against the full state
 * ({@code StateProjectionTest} checks it over random histories), so replay stays exact.
 */
public final class StateProjection {

    private StateProjection() {
    }

    /** The facts of {@code full} that deciding {@code request} against {@code snapshot} can read. */
    public static EngineState relevantTo(EngineState full, AccessRequest request, PolicySnapshot snapshot) {
        Reader reader = snapshot.reader(request.readerId());
        Door door = reader == null ? null : snapshot.door(reader.doorId());
        if (door == null) {
            return new EngineState(full.threatLevel(), full.fireAlarm(), Map.of(), Map.of(), List.of(), Set.of(), Set.of());
        }
        Set<String> doors = new HashSet<>();
        doors.add(door.id());
        if (door.interlockGroup() != null) {
            doors.addAll(snapshot.interlockPartners(door));
        }
        Credential credential = request.card() instanceof CardRead.Decoded d ? snapshot.credential(d.card()) : null;
        Map<String, ApbMark> apb = new HashMap<>();
        Map<String, Integer> pins = new HashMap<>();
        if (credential != null) {
            for (Map.Entry<String, ApbMark> e : full.apb().entrySet()) {
                if (e.getValue().personId().equals(credential.personId())) {
                    apb.put(e.getKey(), e.getValue());
                }
            }
            Integer failures = full.pinFailures().get(credential.id());
            if (failures != null) {
                pins.put(credential.id(), failures);
            }
        }
        List<Pending> pending = new ArrayList<>();
        for (Pending p : full.pending()) {
            if (door.id().equals(p.doorId())) {
                pending.add(p);
            }
        }
        Set<String> open = new HashSet<>();
        Set<String> released = new HashSet<>();
        for (String id : doors) {
            if (full.openDoors().contains(id)) {
                open.add(id);
            }
            if (full.released().contains(id)) {
                released.add(id);
            }
        }
        return new EngineState(full.threatLevel(), full.fireAlarm(), apb, pins, pending, open, released);
    }
}
