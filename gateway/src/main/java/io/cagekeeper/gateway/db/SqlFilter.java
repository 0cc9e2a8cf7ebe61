package io.cagekeeper.gateway.db;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the text of a query from fixed fragments, numbering their parameters as it goes: a fragment
 * says {@code ?} where a value goes and the builder writes {@code $n}. Only the fragments a request
 * uses are in the query, so PostgreSQL plans each combination of filters with the index it needs (a
 * {@code ($1 IS NULL OR col = $1)} form would be planned once for every combination, mostly as a scan).
 * Values only ever travel as parameters; the fragments are constants of the class that owns the table.
 */
public final class SqlFilter {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    /** Appends {@code fragment}, its {@code ?}s bound to {@code values} in order. */
    public SqlFilter add(String fragment, Object... values) {
        int v = 0;
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (c == '?') {
                if (v >= values.length) {
                    throw new IllegalArgumentException("more ? than values in " + fragment);
                }
                params.add(values[v++]);
                sql.append('$').append(params.size());
            } else {
                sql.append(c);
            }
        }
        if (v != values.length) {
            throw new IllegalArgumentException("more values than ? in " + fragment);
        }
        return this;
    }

    /** Appends {@code fragment} when {@code value} is not null. */
    public SqlFilter addIf(Object value, String fragment) {
        return value == null ? this : add(fragment, value);
    }

    public String sql() {
        return sql.toString();
    }

    public Tuple params() {
        Tuple t = Tuple.tuple();
        params.forEach(t::addValue);
        return t;
    }
}
