package io.cagekeeper.gateway.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM in and out. Secret files (private keys, HMAC keys) are created with mode 0600 from the start
 * (no window in which they are world-readable) and never overwritten: replacing a key by accident
 * locks a reader out or orphans every certificate a CA issued. Messages name files, never contents.
 */
public final class PemFiles {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> PUBLIC =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private PemFiles() {
    }

    public static void writeCertificate(Path file, X509Certificate cert) {
        createNew(file, pem(cert), PUBLIC);
    }

    /** A certificate followed by the CAs above it, in one file (a "full chain"). */
    public static void writeChain(Path file, List<X509Certificate> chain) {
        StringBuilder b = new StringBuilder();
        chain.forEach(c -> b.append(pem(c)));
        createNew(file, b.toString(), PUBLIC);
    }

    /** Every certificate of a PEM file, in its order (a leaf and its chain). */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> out = new java.util.ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder holder)) {
                    throw new PkiException(file + " holds something else than PEM certificates");
                }
                out.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (NoSuchFileException e) {
            throw new PkiException(file + " does not exist");
        } catch (IOException | CertificateException e) {
            throw new PkiException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        if (out.isEmpty()) {
            throw new PkiException(file + " holds no PEM certificate");
        }
        return out;
    }

    /** Unencrypted PKCS#8, readable by OpenSSL (Mosquitto) and by {@link #readPrivateKey}; mode 0600. */
    public static void writePrivateKey(Path file, PrivateKey key) {
        try {
            createNew(file, pem(new JcaPKCS8Generator(key, null)), OWNER_ONLY);
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new PkiException("cannot encode the private key for " + file, e);
        }
    }

    /** A secret that is not PEM (the base64 HMAC key): mode 0600, never overwritten. */
    public static void writeSecret(Path file, String text) {
        createNew(file, text, OWNER_ONLY);
    }

    public static X509Certificate readCertificate(Path file) {
        Object o = readPem(file);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new PkiException(file + " does not hold a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new PkiException(file + " holds a certificate that cannot be decoded", e);
        }
    }

    /** Reads PKCS#8 ({@code PRIVATE KEY}) or traditional ({@code EC/RSA PRIVATE KEY}) unencrypted PEM. */
    public static PrivateKey readPrivateKey(Path file) {
        Object o = readPem(file);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new PkiException(file + " holds a private key that cannot be decoded", e);
        }
        throw new PkiException(file + " does not hold an unencrypted PEM private key");
    }

    private static Object readPem(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            if (o == null) {
                throw new PkiException(file + " holds no PEM object");
            }
            return o;
        } catch (NoSuchFileException e) {
            throw new PkiException(file + " does not exist");
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new PkiException("cannot encode PEM", e);
        }
        return out.toString();
    }

    private static void createNew(Path file, String text, FileAttribute<Set<PosixFilePermission>> mode) {
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Channels.newWriter(Files.newByteChannel(file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), mode), StandardCharsets.US_ASCII)) {
                w.write(text);
            }
            // the umask may have narrowed the creation mode; certificates must stay world-readable
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                    mode == OWNER_ONLY ? "rw-------" : "rw-r--r--"));
        } catch (FileAlreadyExistsException e) {
            throw new PkiException(file + " already exists; refusing to overwrite it (move it away to re-issue)");
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
