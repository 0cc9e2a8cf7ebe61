package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.PolicyData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 over a canonical rendering of policy data: equal data, equal hash. */
final class ContentHash {

    private ContentHash() {
    }

    static String of(PolicyData data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Records render every component in declaration order; Credential redacts its PIN hash
            // from toString, so feed that component explicitly to keep PIN changes in the hash.
            sha.update(data.site().toString().getBytes(StandardCharsets.UTF_8));
            for (List<?> part : List.of(data.zones(), data.doors(), data.readers(), data.persons(),
                    data.schedules(), data.accessLevels(), data.grants())) {
                for (Object o : part) {
                    sha.update(o.toString().getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) '\n');
                }
            }
            for (Credential c : data.credentials()) {
                sha.update((c.toString() + c.validFrom() + c.validUntil() + c.statusChangedAt() + c.statusChangedBy()
                        + c.pinHash()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            // Rules only when present, so that data without rules keeps the hash it had before rules existed.
            if (!data.rules().equals(io.cagekeeper.policy.model.PolicyRules.none())) {
                sha.update(data.rules().toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JRE", e);
        }
    }
}
