package io.cagekeeper.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlFilterTest {

    @Test
    void fragmentsAreNumberedInOrderAndAbsentFiltersLeaveNoTrace() {
        SqlFilter f = new SqlFilter().add("SELECT * FROM t WHERE true").addIf("a", " AND x = ?").addIf(null, " AND y = ?")
                .add(" AND (t, id) < (?, ?)", 1, 2L).add(" LIMIT ?", 10);
        assertThat(f.sql()).isEqualTo("SELECT * FROM t WHERE true AND x = $1 AND (t, id) < ($2, $3) LIMIT $4");
        assertThat(f.params().size()).isEqualTo(4);
        assertThat(f.params().getValue(0)).isEqualTo("a");
    }

    @Test
    void aFragmentWhoseValuesDoNotMatchItsPlaceholdersIsAProgrammingError() {
        assertThatThrownBy(() -> new SqlFilter().add(" AND x = ?")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqlFilter().add(" AND x = 1", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
