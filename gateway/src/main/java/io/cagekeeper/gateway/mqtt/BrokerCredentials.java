package io.cagekeeper.gateway.mqtt;

import io.cagekeeper.gateway.db.SecretFile;
import io.moquette.broker.security.IAuthenticator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Who may log in to the embedded broker: the gateway and each reader, every one with a generated
 * password kept in a 0600 file of {@code secretsDir} ({@code gateway.password},
 * {@code readers/<readerId>.password}; the directories 0700). A reader's file is read when it connects,
 * so provisioning a reader is writing its file, without a restart. Passwords are compared in constant
 * time and never logged; a user name that is no valid id never reaches the file system. A reader must
 * use its id as client id (as Mosquitto's {@code use_username_as_clientid}): otherwise one reader could
 * take over another's persistent session, or the gateway's, and be handed its queued messages.
 */
final class BrokerCredentials implements IAuthenticator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path secretsDir;
    private final String gatewayUser;

    BrokerCredentials(Path secretsDir, String gatewayUser) {
        this.secretsDir = secretsDir.toAbsolutePath();
        this.gatewayUser = gatewayUser;
    }

    String gatewayUser() {
        return gatewayUser;
    }

    /** The gateway's password, generated on first use. */
    String gatewayPassword() {
        return new SecretFile(secretsDir.resolve("gateway.password")).readOrCreate();
    }

    /** Reader {@code readerId}'s password, generated (and its file written) on first use. */
    String readerPassword(String readerId) {
        return readerFile(readerId).readOrCreate();
    }

    Path secretsDir() {
        return secretsDir;
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (username == null || password == null || !ID.matcher(username).matches()
                || !username.equals(gatewayUser) && !username.equals(clientId)) {
            return false;
        }
        SecretFile file = username.equals(gatewayUser) ? new SecretFile(secretsDir.resolve("gateway.password")) : readerFile(username);
        if (!file.exists()) {
            return false;
        }
        try {
            return MessageDigest.isEqual(file.read().getBytes(StandardCharsets.UTF_8), password);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private SecretFile readerFile(String readerId) {
        if (!ID.matcher(readerId).matches()) {
            throw new IllegalArgumentException("a reader id matches [A-Za-z0-9_-]{1,64}");
        }
        return new SecretFile(secretsDir.resolve("readers").resolve(readerId + ".password"));
    }
}
