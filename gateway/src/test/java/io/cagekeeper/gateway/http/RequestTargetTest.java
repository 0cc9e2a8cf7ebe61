package io.cagekeeper.gateway.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

    private static void refused(String path, String query, String message) {
        assertThatThrownBy(() -> RequestTarget.check(path, query)).isInstanceOf(BadRequest.class).hasMessageContaining(message);
    }

    @Test
    void letsOrdinaryPathsAndQueriesThrough() {
        assertThatCode(() -> RequestTarget.check("/api/events", "limit=20&door=d1&type=ACCESS_GRANTED")).doesNotThrowAnyException();
        assertThatCode(() -> RequestTarget.check("/api/persons/p%2Dalice/forgive", null)).doesNotThrowAnyException();
        assertThatCode(() -> RequestTarget.check("/", "")).doesNotThrowAnyException();
        assertThatCode(() -> RequestTarget.check("/api/events", "door=Gr%C3%BC%C3%9Fe+1")).doesNotThrowAnyException();
    }

    @Test
    void refusesAnEncodedNulInAPathSegmentOrAQueryParameter() {
        refused("/api/persons/x%00y/forgive", null, "NUL");
        refused("/api/events", "door=x%00y", "NUL");
        refused("/api/events", "x%00=1", "NUL");
    }

    @Test
    void refusesAnEncodedSurrogateAndOtherBytesThatAreNotUtf8() {
        refused("/api/persons/%ED%A0%80/forgive", null, "not valid UTF-8");
        refused("/api/events", "door=%ED%B0%80", "not valid UTF-8");
        refused("/api/events", "door=%C3", "not valid UTF-8");
    }

    @Test
    void refusesMalformedEscapesControlCharactersRawNonAsciiAndARepeatedParameter() {
        refused("/api/events", "limit=%zz", "malformed percent escape");
        refused("/api/events", "limit=1%", "malformed percent escape");
        refused("/api/events", "door=a%0Ab", "control character");
        refused("/api/events/ü", null, "printable ASCII");
        refused("/api/events", "limit=1&limit=1000", "more than once");
    }
}
