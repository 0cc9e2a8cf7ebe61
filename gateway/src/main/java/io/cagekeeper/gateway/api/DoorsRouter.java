package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.modbus.DoorModule;
import io.cagekeeper.gateway.modbus.DoorStateMachine;
import io.cagekeeper.gateway.policy.PolicyHolder;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Door;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;

/** The doors' live status, from the door modules' state machines. */
public final class DoorsRouter implements ApiResource {

    private final PolicyHolder policy;
    private final Collection<DoorModule> modules;

    public DoorsRouter(PolicyHolder policy, Collection<DoorModule> modules) {
        this.policy = policy;
        this.modules = modules;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listDoors", this::doors);
    }

    private void doors(RoutingContext ctx) {
        PolicySnapshot s = policy.current();
        JsonArray out = new JsonArray();
        for (DoorModule m : modules) {
            for (DoorStateMachine d : m.doors().values()) {
                Door door = s == null ? null : s.door(d.doorId());
                out.add(new JsonObject()
                        .put("id", d.doorId())
                        .put("name", door == null ? d.doorId() : door.name())
                        .put("module", m.id())
                        .put("moduleOnline", m.online())
                        .put("known", d.initialised())
                        .put("open", d.isOpen())
                        .put("lockReleased", d.isLockReleased())
                        .put("tamper", d.isTamperOpen())
                        .put("openedAt", d.openedAt() == null ? null : d.openedAt().toString()));
            }
        }
        ApiErrors.json(ctx, 200, new JsonObject().put("doors", out));
    }
}
