package io.cagekeeper.gateway.api;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The muster list as a page to print at an evacuation: one table per zone with the people believed
 * inside (name, organization, type, entered at, door) and an empty box to tick at the assembly
 * point. Every value is HTML-escaped (names come from HR feeds and forms); the page has no script and
 * no inline style (its style sheet is {@code /muster.css}), so the console's strict CSP holds.
 */
final class MusterPage {

    /** Times as the site reads them: its local time. */
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private MusterPage() {
    }

    static String render(JsonObject muster, ZoneId siteZone) {
        DateTimeFormatter local = LOCAL.withZone(siteZone);
        StringBuilder h = new StringBuilder(4096);
        h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Muster list</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/muster.css\">\n</head>\n<body>\n<h1>Muster list</h1>\n<p class=\"meta\">")
                .append(muster.getInteger("total")).append(" people believed inside at ")
                .append(esc(local.format(Instant.parse(muster.getString("asOf"))))).append(" (").append(esc(siteZone.getId()))
                .append("): a granted passage since ").append(esc(local.format(Instant.parse(muster.getString("since")))))
                .append(" or an anti-passback mark.</p>\n");
        for (Object z : muster.getJsonArray("zones")) {
            JsonObject zone = (JsonObject) z;
            if (zone.getInteger("count") == 0) {
                continue;
            }
            h.append("<section>\n<h2>").append(esc(zone.getString("name"))).append(" <span class=\"zone-id\">(")
                    .append(esc(zone.getString("zone"))).append(")</span>: ").append(zone.getInteger("count")).append("</h2>\n")
                    .append("<table>\n<thead><tr><th>Name</th><th>Organization</th><th>Type</th><th>Entered at</th><th>Door</th>")
                    .append("<th>Accounted for</th></tr></thead>\n<tbody>\n");
            for (Object o : zone.getJsonArray("people")) {
                JsonObject p = (JsonObject) o;
                String name = p.getString("name");
                h.append("<tr><td>").append(esc(name == null ? p.getString("personId") : name)).append("</td><td>")
                        .append(esc(p.getString("organization"))).append("</td><td>").append(esc(p.getString("type")))
                        .append("</td><td>").append(esc(local.format(Instant.parse(p.getString("enteredAt"))))).append("</td><td>")
                        .append(esc(p.getString("door"))).append("</td><td class=\"tick\">&#9744;</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n</section>\n");
        }
        return h.append("</body>\n</html>\n").toString();
    }

    /** Text made safe inside an element: the five characters HTML gives meaning escaped; null is empty. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
