package io.cagekeeper.gateway.policy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One row of a policy table, whether read by the full load (a result row) or recorded in the change
 * log (the jsonb image {@code policy_deltas} keeps). Both paths map rows to the policy model through
 * {@link PolicyRows} over this one view, so a patched snapshot and a fully loaded one cannot drift
 * apart in how a column becomes a field.
 */
interface RowImage {

    String string(String column);

    Integer integer(String column);

    Instant instant(String column);

    String[] strings(String column);

    LocalDate[] dates(String column);

    static RowImage of(Row row) {
        return new RowImage() {
            @Override
            public String string(String column) {
                return row.getString(column);
            }

            @Override
            public Integer integer(String column) {
                return row.getInteger(column);
            }

            @Override
            public Instant instant(String column) {
                OffsetDateTime t = row.getOffsetDateTime(column);
                return t == null ? null : t.toInstant();
            }

            @Override
            public String[] strings(String column) {
                return row.getArrayOfStrings(column);
            }

            @Override
            public LocalDate[] dates(String column) {
                return row.getArrayOfLocalDates(column);
            }
        };
    }

    /** A row image as PostgreSQL's {@code to_jsonb} writes it (timestamptz as ISO-8601 with offset). */
    static RowImage of(JsonObject image) {
        return new RowImage() {
            @Override
            public String string(String column) {
                Object v = image.getValue(column);
                return v == null ? null : v.toString();
            }

            @Override
            public Integer integer(String column) {
                return image.getInteger(column);
            }

            @Override
            public Instant instant(String column) {
                String t = image.getString(column);
                return t == null ? null : OffsetDateTime.parse(t).toInstant();
            }

            @Override
            public String[] strings(String column) {
                JsonArray a = image.getJsonArray(column);
                if (a == null) {
                    return null;
                }
                String[] out = new String[a.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = a.getString(i);
                }
                return out;
            }

            @Override
            public LocalDate[] dates(String column) {
                String[] texts = strings(column);
                if (texts == null) {
                    return null;
                }
                LocalDate[] out = new LocalDate[texts.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = LocalDate.parse(texts[i]);
                }
                return out;
            }
        };
    }
}
