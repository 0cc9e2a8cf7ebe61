package io.cagekeeper.reconciliation.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The report's JSON in a canonical form meant for RFC 8785 (JCS) signing: keys sorted by UTF-16 code
 * units (Java's String order), no whitespace, UTF-8, integers only (no floats: every number is a count,
 * a sequence number or an id), times as ISO-8601 strings, strings escaped as RFC 8785 does (two-character
 * escapes for \b \t \n \f \r, lower-case six-character escapes (backslash, u, 00, two hex digits) for other control characters, everything else
 * as is). So a signer can sign these bytes as they are.
 */
public final class CanonicalJson {

    /** RFC 8785 writes the six-character escapes of control characters with lower-case hex digits. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private CanonicalJson() {
    }

    public static byte[] bytes(Object tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report tree not serialisable", e);
        }
    }
}
