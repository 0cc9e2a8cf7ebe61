package io.cagekeeper.gateway.pki;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The site PKI tool: a CA, the gateway's, the broker's and each reader's certificate, each reader's
 * HMAC key, and a Mosquitto configuration that uses them. Everything lands in one directory laid out
 * as {@link PkiLayout} says; private and HMAC keys are written 0600 and never printed or overwritten.
 * Exit codes: 0 done, 1 could not be done (see message), 2 bad arguments.
 */
public final class PkiCommand {

    /** The subcommands and their options (printed on a usage error, and by {@code cagekeeper pki --help}). */
    public static final String USAGE = """
            usage: cagekeeper pki <subcommand> --dir DIR [options]
              init-ca        --dir D --site S          create the site CA (ca.crt, ca-key.pem)
              issue-gateway  --dir D [--cn NAME]       gateway client certificate (default CN cagekeeper-gateway-<site>)
              issue-broker   --dir D --host H[,H...]   Mosquitto server certificate; hosts become its subjectAltName
              issue-server   --dir D --host H[,H...]   HTTPS certificate of the API and console (server.crt, server-key.pem:
                                                       http.tls.cert, http.tls.key); hosts become its subjectAltName
              issue-reader   --dir D --reader ID       reader client certificate, CN = ID (readers/ID.crt, readers/ID-key.pem)
              issue-signer   --dir D [--cn NAME]       report-signing certificate for the reconciliation PDFs (report-signer.crt with
                                                       the CA after it, report-signer-key.pem: reconciliation.pdfSignerCert/-Key)
              reader-key     --dir D --reader ID       reader HMAC key: 32 random bytes, base64 (readers/ID.key)
              log-key        --dir D --origin O        the verifiable log's Ed25519 signing key, named after the log's origin
                                                       (log-signing.key 0600, log-signing.key.pub: give it to auditors; tlog.key)
              mosquitto-conf --dir D --port P [--bind ADDR] [--prefix cage] [--site S] [--user U]
                                                       mosquitto.conf + mosquitto.acl: TLS with client certificates, per-reader ACL;
                                                       --user: the account Mosquitto drops to when started as root
            """;

    private static final int HMAC_KEY_BYTES = 32;

    private final SecureRandom random;
    private final PrintStream out;

    PkiCommand(SecureRandom random, PrintStream out) {
        this.random = random;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one subcommand; returns the exit code. Never throws and never prints a stack trace. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            new PkiCommand(new SecureRandom(), out).dispatch(args);
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (PkiException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private void dispatch(String[] args) {
        if (args.length == 0) {
            throw new UsageException("missing subcommand");
        }
        String cmd = args[0];
        switch (cmd) {
            case "init-ca" -> {
                Options o = new Options(cmd, args, 1, Set.of("dir", "site"));
                initCa(new PkiLayout(o.dir()), o.id("site", o.required("site")));
            }
            case "issue-gateway" -> {
                Options o = new Options(cmd, args, 1, Set.of("dir", "cn"));
                PkiLayout pki = new PkiLayout(o.dir());
                String cn = o.optional("cn", null);
                issueGateway(pki, cn == null ? null : o.id("cn", cn));
            }
            case "issue-broker" -> {
                Options o = new Options(cmd, args, 1, Set.of("dir", "host"));
                issueBroker(new PkiLayout(o.dir()), hosts(o.required("host")));
            }
            case "issue-server" -> {
                Options o = new Options(cmd, args, 1, Set.of("dir", "host"));
                issueServer(new PkiLayout(o.dir()), hosts(o.required("host")));
            }
            case "issue-signer" -> {
                Options o = new Options(cmd, args, 1, Set.of("dir", "cn"));
                PkiLayout pki = new PkiLayout(o.dir());
                String cn = o.optional("cn", null);
                issueSigner(pki, cn == null ? "cagekeeper-reports" : o.id("cn", cn));
            }
            case "issue-reader" -> {
                Options o = new Options(cmd, args, 1, Set.of("dir", "reader"));
                issueReader(new PkiLayout(o.dir()), o.id("reader", o.required("reader")));
            }
            case "reader-key" -> {
                Options o = new Options(cmd, args, 1, Set.of("dir", "reader"));
                readerKey(new PkiLayout(o.dir()), o.id("reader", o.required("reader")));
            }
            case "log-key" -> {
                Options o = new Options(cmd, args, 1, Set.of("dir", "origin"));
                logKey(new PkiLayout(o.dir()), o.required("origin"));
            }
            case "mosquitto-conf" -> {
                Options o = new Options(cmd, args, 1, Set.of("dir", "port", "bind", "prefix", "site", "user"));
                String user = o.optional("user", null);
                mosquittoConf(new PkiLayout(o.dir()), new MosquittoConf.Listener(o.optional("bind", "127.0.0.1"), o.port("port"),
                        user == null ? null : account(user)), o.id("prefix", o.optional("prefix", "cage")), o.optional("site", null) == null ? null : o.id("site", o.required("site")));
            }
            default -> throw new UsageException("unknown subcommand '" + cmd + "'");
        }
    }

    private void initCa(PkiLayout pki, String site) {
        if (Files.exists(pki.caCert()) || Files.exists(pki.caKey())) {
            throw new PkiException(pki.dir() + " already holds a CA; refusing to replace it (every issued certificate depends on it)");
        }
        CertificateAuthority.Issued ca = CertificateAuthority.createRoot(site, random);
        PemFiles.writePrivateKey(pki.caKey(), ca.key());
        PemFiles.writeCertificate(pki.caCert(), ca.certificate());
        out.println("wrote " + pki.caCert() + " and " + pki.caKey() + " (0600; keep it offline once leaves are issued)");
    }

    private void issueGateway(PkiLayout pki, String cn) {
        CertificateAuthority ca = loadCa(pki);
        String name = cn != null ? cn : "cagekeeper-gateway-" + rdn(ca.certificate(), BCStyle.OU);
        if (Files.exists(pki.readerCert(name))) {
            throw new PkiException("a reader named '" + name + "' exists; the gateway CN must differ from every reader id");
        }
        write(ca.issue(name, CertificateProfile.GATEWAY, List.of()), pki.gatewayCert(), pki.gatewayKey());
    }

    private void issueBroker(PkiLayout pki, List<String> hosts) {
        write(loadCa(pki).issue(hosts.get(0), CertificateProfile.BROKER, hosts), pki.brokerCert(), pki.brokerKey());
    }

    private void issueServer(PkiLayout pki, List<String> hosts) {
        write(loadCa(pki).issue(hosts.get(0), CertificateProfile.SERVER, hosts), pki.serverCert(), pki.serverKey());
    }

    private void issueSigner(PkiLayout pki, String cn) {
        if (Files.exists(pki.signerCert()) || Files.exists(pki.signerKey())) {
            throw new PkiException(pki.signerCert() + " or " + pki.signerKey() + " exists; refusing to overwrite");
        }
        CertificateAuthority ca = loadCa(pki);
        CertificateAuthority.Issued issued = ca.issue(cn, CertificateProfile.SIGNER, List.of());
        PemFiles.writePrivateKey(pki.signerKey(), issued.key());
        PemFiles.writeChain(pki.signerCert(), List.of(issued.certificate(), ca.certificate()));
        out.println("wrote " + pki.signerCert() + " and " + pki.signerKey() + " (0600)");
    }

    private void issueReader(PkiLayout pki, String id) {
        CertificateAuthority ca = loadCa(pki);
        if (Files.exists(pki.gatewayCert()) && id.equals(rdn(PemFiles.readCertificate(pki.gatewayCert()), BCStyle.CN))) {
            throw new PkiException("'" + id + "' is the gateway's CN; a reader with it would get the gateway's broker rights");
        }
        write(ca.issue(id, CertificateProfile.READER, List.of()), pki.readerCert(id), pki.readerKey(id));
    }

    private void logKey(PkiLayout pki, String origin) {
        io.cagekeeper.evidence.NoteKey key;
        try {
            key = io.cagekeeper.gateway.tlog.LogKey.create(pki.logSigningKey(), origin);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--origin: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new PkiException(e.getMessage());
        }
        out.println("wrote " + pki.logSigningKey() + " (0600) and its .pub; verifier key: " + key.verifierKey());
    }

    private void readerKey(PkiLayout pki, String id) {
        byte[] key = new byte[HMAC_KEY_BYTES];
        random.nextBytes(key);
        try {
            PemFiles.writeSecret(pki.readerHmacKey(id), Base64.getEncoder().encodeToString(key) + "\n");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        out.println("wrote " + pki.readerHmacKey(id) + " (0600; provision it to reader " + id + " and to the gateway)");
    }

    /** {@code siteOrNull}: the site the ACL pins readers to; by default the CA's (its OU), the one its readers belong to. */
    private void mosquittoConf(PkiLayout pki, MosquittoConf.Listener listener, String prefix, String siteOrNull) {
        for (Path p : List.of(pki.caCert(), pki.brokerCert(), pki.brokerKey(), pki.gatewayCert())) {
            if (!Files.isRegularFile(p)) {
                throw new PkiException(p + " is missing; run init-ca, issue-broker and issue-gateway first");
            }
        }
        String gateway = rdn(PemFiles.readCertificate(pki.gatewayCert()), BCStyle.CN);
        TextFiles.write(pki.mosquittoConf(), MosquittoConf.conf(pki, listener));
        String site = siteOrNull != null ? siteOrNull : rdn(PemFiles.readCertificate(pki.caCert()), BCStyle.OU);
        TextFiles.write(pki.mosquittoAcl(), MosquittoConf.acl(prefix, site, gateway));
        out.println("wrote " + pki.mosquittoConf() + " and " + pki.mosquittoAcl() + " (gateway user '" + gateway + "', site '" + site + "')");
    }

    private CertificateAuthority loadCa(PkiLayout pki) {
        if (!Files.exists(pki.caCert()) || !Files.exists(pki.caKey())) {
            throw new PkiException("no CA in " + pki.dir() + "; run init-ca first");
        }
        return new CertificateAuthority(PemFiles.readCertificate(pki.caCert()), PemFiles.readPrivateKey(pki.caKey()), random);
    }

    private void write(CertificateAuthority.Issued issued, Path cert, Path key) {
        if (Files.exists(cert)) {
            throw new PkiException(cert + " already exists; refusing to overwrite it (move it away to re-issue)");
        }
        PemFiles.writePrivateKey(key, issued.key());
        PemFiles.writeCertificate(cert, issued.certificate());
        out.println("wrote " + cert + " (" + issued.certificate().getSubjectX500Principal().getName() + ") and " + key + " (0600)");
    }

    /** A POSIX account name: it lands in mosquitto.conf, so nothing that could start another line. */
    private static String account(String user) {
        if (!user.matches("[A-Za-z0-9._][A-Za-z0-9._-]{0,63}")) {
            throw new UsageException("mosquitto-conf: --user must be an account name, got '" + user + "'");
        }
        return user;
    }

    private static List<String> hosts(String value) {
        List<String> hosts = Arrays.stream(value.split(",")).map(String::trim).toList();
        for (String h : hosts) {
            if (!h.matches("[A-Za-z0-9.:-]{1,253}")) {
                throw new UsageException("--host must be host names or IP addresses separated by commas, got '" + value + "'");
            }
        }
        return hosts;
    }

    static String rdn(X509Certificate cert, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        var rdns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(type);
        if (rdns.length == 0) {
            throw new PkiException("certificate " + cert.getSubjectX500Principal().getName() + " has no " + BCStyle.INSTANCE.oidToDisplayName(type));
        }
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
