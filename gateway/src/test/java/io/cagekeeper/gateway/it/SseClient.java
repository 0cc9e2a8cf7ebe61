package io.cagekeeper.gateway.it;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A server-sent-events client as a browser's EventSource is: it reads id, event and data lines into events. */
final class SseClient implements AutoCloseable {

    record Event(String id, String type, String data) {
    }

    /** Put on the queue when the server ends the stream. */
    static final Event END = new Event(null, "(end of stream)", null);

    final int status;
    final String body;
    private final InputStream in;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private SseClient(HttpResponse<InputStream> r) throws Exception {
        status = r.statusCode();
        in = r.body();
        if (status != 200) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return;
        }
        body = null;
        Thread t = new Thread(this::read, "sse-client");
        t.setDaemon(true);
        t.start();
    }

    /** GET {@code path} on the gateway with a bearer token (or none) and a Last-Event-ID (or none). */
    static SseClient open(int port, String path, String bearer, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("accept", "text/event-stream");
        if (bearer != null) {
            b.header("authorization", "Bearer " + bearer);
        }
        if (lastEventId != null) {
            b.header("last-event-id", lastEventId);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new SseClient(http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String id = null;
            String type = "message";
            StringBuilder data = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, type, data.toString()));
                    }
                    id = null;
                    type = "message";
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(6));
                }
            }
        } catch (Exception e) {
            // closed by the test
        }
        events.add(END);
    }

    /** The next event, or null when none came within {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        in.close();
    }
}
