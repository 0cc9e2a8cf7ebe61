package io.cagekeeper.gateway.it;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 over a plain socket, for what the JDK client will not do: send any {@code Host} header,
 * leave out headers a browser would send, or connect from another loopback address
 * ({@code 127.0.0.2}: all of 127.0.0.0/8 is loopback on Linux), which is how a test plays a second
 * client machine. One request per connection ({@code Connection: close}).
 */
final class RawHttp {

    /** An answer: status, headers (names lower-cased, in order), body. */
    record Response(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        JsonObject json() {
            return new JsonObject(body);
        }

        /** The Set-Cookie header setting {@code name}, or null. */
        String setCookie(String name) {
            for (String c : all("set-cookie")) {
                if (c.startsWith(name + "=")) {
                    return c;
                }
            }
            return null;
        }

        /** The value a Set-Cookie gives {@code name}, or null. */
        String cookieValue(String name) {
            String c = setCookie(name);
            return c == null ? null : c.substring(name.length() + 1).split(";", 2)[0];
        }
    }

    private final String host;
    private final int port;
    private final String localAddress;
    private final SSLSocketFactory tls;

    RawHttp(String host, int port, String localAddress, SSLSocketFactory tls) {
        this.host = host;
        this.port = port;
        this.localAddress = localAddress;
        this.tls = tls;
    }

    /** To the gateway's loopback port from {@code localAddress} (null: the system's choice). */
    static RawHttp from(String localAddress, int port) {
        return new RawHttp("127.0.0.1", port, localAddress, null);
    }

    /** {@code headers} are sent as given, one "Name: value" each; Host defaults to the target, Content-Length is added. */
    Response send(String method, String path, List<String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        boolean hasHost = headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("host:"));
        if (!hasHost) {
            head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        }
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket s = socket()) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(s.getInputStream().readAllBytes());
        }
    }

    Response get(String path, String... headers) throws IOException {
        return send("GET", path, List.of(headers), null);
    }

    Response postJson(String path, String json, String... headers) throws IOException {
        List<String> h = new ArrayList<>(List.of(headers));
        h.add("Content-Type: application/json");
        return send("POST", path, h, json.getBytes(StandardCharsets.UTF_8));
    }

    private Socket socket() throws IOException {
        Socket plain = new Socket();
        if (localAddress != null) {
            plain.bind(new InetSocketAddress(localAddress, 0));
        }
        plain.connect(new InetSocketAddress(host, port), 10_000);
        return tls == null ? plain : tls.createSocket(plain, host, port, true);
    }

    static Response parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IllegalStateException("no HTTP answer: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(String.join(",", headers.getOrDefault("transfer-encoding", List.of())))) {
            body = unchunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < b.length) {
            int eol = indexOf(java.util.Arrays.copyOfRange(b, at, b.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            int size = Integer.parseInt(new String(b, at, eol, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(b, at + eol + 2, size);
            at += eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
