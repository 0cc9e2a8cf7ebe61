package io.cagekeeper.gateway.mqtt;

import io.cagekeeper.gateway.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The readers' provisioned HMAC keys, loaded once at start from {@code <readerId>.key} files
 * (base64 of 32 bytes, as the {@code pki reader-key} command writes them). A malformed key file stops
 * start-up: a reader whose key silently failed to load would be accepted unsigned. Key bytes never
 * leave this class except to verify a MAC.
 */
public final class ReaderKeys {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final Map<String, byte[]> keys;

    private ReaderKeys(Map<String, byte[]> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static ReaderKeys none() {
        return new ReaderKeys(Map.of());
    }

    public static ReaderKeys load(Path dir) {
        if (dir == null) {
            return none();
        }
        Map<String, byte[]> keys = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.key")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - ".key".length());
                if (!ID.matcher(id).matches()) {
                    throw new ConfigException("reader key file " + f + ": '" + id + "' is not a reader id");
                }
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(Files.readString(f, StandardCharsets.US_ASCII).trim());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("reader key file " + f + " is not base64");
                }
                if (key.length != 32) {
                    throw new ConfigException("reader key file " + f + " must hold 32 bytes, holds " + key.length);
                }
                keys.put(id, key);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read reader keys in " + dir + ": " + e.getMessage());
        }
        return new ReaderKeys(keys);
    }

    /** The key of a reader, or null when it has none. */
    public byte[] keyOf(String readerId) {
        return keys.get(readerId);
    }

    public int size() {
        return keys.size();
    }
}
