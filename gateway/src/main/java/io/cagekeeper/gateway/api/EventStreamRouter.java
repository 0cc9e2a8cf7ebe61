package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.events.EventStore;
import io.cagekeeper.gateway.events.StoredEvents;
import io.cagekeeper.gateway.http.Authenticator;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/events/stream}: the live event feed as server-sent events ({@code text/event-stream},
 * written here: Vert.x has no SSE handler). Each event goes out as {@code id: <storage id>},
 * {@code event: event} and its JSON (card masked as {@link CardMask} says for the caller), so a
 * browser's {@code EventSource} sends the last id back as {@code Last-Event-ID} when it reconnects
 * and gets exactly what it missed: from the ring of {@link LiveEvents} when it still holds that id,
 * else from the database (by id, then the live events queued meanwhile, each id once).
 *
 * <p>A stream is authenticated like any operation (session or token, role), and checked again every
 * {@link #RECHECK_MS}: a logout, an expired session or a revoked token ends it. Each stream has a
 * bounded queue; a console that does not keep up (queue over {@link #QUEUE_LIMIT} events, or the
 * socket's write queue full) is cut off, never waited for, and resumes when it reconnects.
 */
public final class EventStreamRouter implements ApiResource {

    static final int QUEUE_LIMIT = 5_000;
    static final int CATCH_UP_LIMIT = 10_000;
    static final long RECHECK_MS = 30_000;
    static final long HEARTBEAT_MS = 15_000;
    /** Bytes the socket may hold unsent before the console counts as too slow. */
    static final int WRITE_QUEUE_BYTES = 4 * 1024 * 1024;

    private final Vertx vertx;
    private final EventStore store;
    private final LiveEvents live;
    private final EventFrames frames = new EventFrames();
    private Authenticator auth;

    /**
     * {@code source}: the stored events of the event store the badge path writes through (the one that
     * publishes); {@code reads}: the store resumes read from (any pool: the API's own when it has one).
     */
    public EventStreamRouter(Vertx vertx, StoredEvents source, EventStore reads) {
        this.vertx = vertx;
        this.store = reads;
        this.live = new LiveEvents(source);
    }

    /** The fan-out (tests and the benchmark look at its subscribers). */
    public LiveEvents live() {
        return live;
    }

    /** Bytes written to a socket at once while a queue drains: one write per event was one flush per event per console. */
    static final int WRITE_CHUNK = 32 * 1024;

    @Override
    public void mount(Operations ops) {
        auth = ops.authenticator();
        ops.on("streamEvents", this::stream);
    }

    /** Which events a stream carries (null: any). */
    record Filter(String door, Set<String> types, String result) {
        boolean matches(JsonObject e) {
            return (door == null || door.equals(e.getString("doorId"))) && (types == null || types.contains(e.getString("type")))
                    && (result == null || result.equals(e.getString("result")));
        }
    }

    private void stream(RoutingContext ctx) {
        Long lastId = lastId(ctx);
        boolean follow = Boolean.parseBoolean(Operations.query(ctx, "follow"));
        String types = Operations.query(ctx, "type");
        Filter filter = new Filter(Operations.query(ctx, "door"), types == null ? null : Set.of(types.split(",")),
                Operations.query(ctx, "result"));
        HttpServerResponse r = ctx.response();
        r.setStatusCode(200).setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store").putHeader("x-accel-buffering", "no");
        r.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        Stream s = new Stream(ctx, Operations.actor(ctx), filter, follow);
        store.lastId().onComplete(ar -> {
            if (ar.failed() && lastId == null) {
                ctx.fail(new BadRequest(503, "event store unavailable"));
                return;
            }
            r.write("retry: 2000\n\n");
            LiveEvents.Attached a = live.attach(s, lastId, ar.succeeded() ? ar.result() : 0L);
            s.start(a);
        });
    }

    /** {@code Last-Event-ID} (what EventSource sends on reconnect), else {@code after}; digits only. */
    private static Long lastId(RoutingContext ctx) {
        String v = ctx.request().getHeader("last-event-id");
        if (v == null || v.isBlank()) {
            v = Operations.query(ctx, "after");
        }
        if (v == null || v.isBlank()) {
            return null;
        }
        if (!v.trim().matches("[0-9]{1,18}")) {
            throw new BadRequest(400, "Last-Event-ID must be an event id (digits)");
        }
        return Long.parseLong(v.trim());
    }

    /** One event as a frame: its id, {@code event: event} and its JSON as {@code actor} may see it. */
    static String render(JsonObject e, Actor actor) {
        JsonObject shown = CardMask.seesCards(actor) ? e : CardMask.event(e.copy(), actor);
        return "id: " + e.getLong("id") + "\nevent: event\ndata: " + shown.encode() + "\n\n";
    }

    /** The frames rendered so far (tests: once per event and kind of viewer, whatever the number of consoles). */
    EventFrames frames() {
        return frames;
    }

    /** One open stream: a bounded queue drained on its connection's context. */
    private final class Stream implements LiveEvents.Subscriber {
        private final RoutingContext ctx;
        private final HttpServerResponse response;
        private final Context context;
        private final Actor actor;
        private final Filter filter;
        private final boolean follow;
        private final ArrayDeque<JsonObject> queue = new ArrayDeque<>();
        /** Ids sent from the database during a catch-up; live events with them are not sent again. */
        private Set<Long> caughtUp;
        private boolean catchingUp = true;
        private boolean scheduled;
        private boolean closed;
        private long heartbeat = -1;
        private long recheck = -1;

        Stream(RoutingContext ctx, Actor actor, Filter filter, boolean follow) {
            this.ctx = ctx;
            this.response = ctx.response();
            this.context = vertx.getOrCreateContext();
            this.actor = actor;
            this.filter = filter;
            this.follow = follow;
            response.closeHandler(v -> end(null));
            response.exceptionHandler(e -> end(null));
        }

        /** The cursor event, then the backlog (from the ring or the database), then live. */
        void start(LiveEvents.Attached a) {
            hello(a.cursor());
            if (a.resumed()) {
                Buffer out = Buffer.buffer(WRITE_CHUNK);
                for (JsonObject e : a.backlog()) {
                    append(out, e, true);
                    out = flushIfFull(out);
                }
                write(out);
                goLive();
                return;
            }
            store.after(a.cursor(), CATCH_UP_LIMIT).onComplete(ar -> {
                if (ar.failed()) {
                    end("event store unavailable");
                    return;
                }
                caughtUp = new HashSet<>();
                Buffer out = Buffer.buffer(WRITE_CHUNK);
                for (JsonObject e : ar.result()) {
                    caughtUp.add(e.getLong("id"));
                    append(out, e, false);
                    out = flushIfFull(out);
                }
                write(out);
                if (ar.result().size() == CATCH_UP_LIMIT) {
                    response.write("event: gap\ndata: {\"reason\":\"more missed events than a resume sends\"}\n\n");
                }
                goLive();
            });
        }

        private void hello(Long cursor) {
            response.write((cursor == null ? "" : "id: " + cursor + "\n") + "event: hello\ndata: "
                    + new JsonObject().put("cursor", cursor).put("follow", follow).encode() + "\n\n");
        }

        private void goLive() {
            if (!follow) {
                end(null);
                return;
            }
            synchronized (this) {
                catchingUp = false;
            }
            drain();
            heartbeat = vertx.setPeriodic(HEARTBEAT_MS, t -> context.runOnContext(v -> {
                if (!closed) {
                    response.write(": keep-alive\n\n");
                }
            }));
            recheck = vertx.setPeriodic(RECHECK_MS, t -> auth.resolve(ctx, true).onComplete(ar -> {
                if (ar.failed() || ar.result().isEmpty()) {
                    context.runOnContext(v -> end("the session or token ended"));
                }
            }));
        }

        @Override
        public void offer(List<JsonObject> events) {
            boolean schedule;
            synchronized (this) {
                if (closed) {
                    return;
                }
                queue.addAll(events);
                if (queue.size() > QUEUE_LIMIT) {
                    queue.clear();
                    context.runOnContext(v -> end("too slow: cut off (reconnect to resume)"));
                    return;
                }
                schedule = !scheduled && !catchingUp;
                scheduled |= schedule;
            }
            if (schedule) {
                context.runOnContext(v -> drain());
            }
        }

        /** The queued events, written a chunk at a time; a socket that cannot take them cuts the stream off. */
        private void drain() {
            Buffer out = Buffer.buffer(WRITE_CHUNK);
            while (true) {
                JsonObject e;
                synchronized (this) {
                    e = queue.poll();
                    if (e == null) {
                        scheduled = false;
                        break;
                    }
                }
                if (closed) {
                    return;
                }
                if (caughtUp != null && caughtUp.remove(e.getLong("id"))) {
                    continue;
                }
                append(out, e, true);
                out = flushIfFull(out);
                if (closed) {
                    return;
                }
            }
            write(out);
        }

        /** Appends {@code e}'s frame when the stream's filter wants it; a live event's frame is rendered once for every console. */
        private void append(Buffer out, JsonObject e, boolean live) {
            if (closed || !filter.matches(e)) {
                return;
            }
            boolean cards = CardMask.seesCards(actor);
            if (live) {
                out.appendBytes(frames.frame(e.getLong("id"), cards, () -> render(e, actor)));
            } else {
                out.appendString(render(e, actor));
            }
        }

        /** {@code out} written and a new chunk when it is full, else {@code out}. */
        private Buffer flushIfFull(Buffer out) {
            if (out.length() < WRITE_CHUNK) {
                return out;
            }
            write(out);
            return Buffer.buffer(WRITE_CHUNK);
        }

        private void write(Buffer out) {
            if (closed || out.length() == 0) {
                return;
            }
            response.write(out);
            if (response.writeQueueFull()) {
                end("too slow: cut off (reconnect to resume)");
            }
        }

        private void end(String why) {
            if (closed) {
                return;
            }
            synchronized (this) {
                closed = true;
                queue.clear();
            }
            live.detach(this);
            vertx.cancelTimer(heartbeat);
            vertx.cancelTimer(recheck);
            if (why != null) {
                response.write("event: end\ndata: " + new JsonObject().put("reason", why).encode() + "\n\n");
            }
            if (!response.ended() && !response.closed()) {
                if (why != null && why.startsWith("too slow")) {
                    response.reset();
                } else {
                    response.end();
                }
            }
        }
    }
}
