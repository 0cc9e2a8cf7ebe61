package io.cagekeeper.gateway.api;

import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.evidence.SignedExport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Signs the manifest of an export with the site's log key (the key that signs checkpoints and reports,
 * whose verifier key the auditor already holds), and names in it the log's latest checkpoint when the
 * export ended, so the auditor can tie the export to a tree size and root they can check the log against.
 *
 * @param checkpoint the latest signed checkpoint note (null before the first)
 */
public record ExportSigner(NoteKey key, Supplier<String> checkpoint) {

    /** The signed trailer of {@code export}: what it is, the filters and order it was asked with, by whom, now. */
    public String trailer(SignedExport export, String kind, Map<String, Object> filters, String order, String exportedBy) {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("kind", kind);
        about.put("filters", filters);
        about.put("order", order);
        about.put("exportedBy", exportedBy);
        about.put("exportedAt", Instant.now().toString());
        about.put("checkpoint", SignedExport.checkpoint(checkpoint.get()));
        return export.trailer(about, key);
    }
}
