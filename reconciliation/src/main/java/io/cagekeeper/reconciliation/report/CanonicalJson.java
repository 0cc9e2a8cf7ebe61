package io.cagekeeper.reconciliation.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The report's JSON in a canonical form meant for RFC 8785 (JCS) signing: keys sorted by UTF-16 code
 * units (Java's String order), no whitespace, UTF-8, integers only (no floats: every number is a count,
 * a sequence number or an id), times as ISO-8601 strings. So a signer can sign these bytes as they are.
 */
public final class CanonicalJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

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
