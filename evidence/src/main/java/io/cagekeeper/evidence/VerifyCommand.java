package io.cagekeeper.evidence;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code verify}: checks an inclusion proof file ({@link InclusionBundle}) with nothing but the site's
 * verifier key and Java: {@code java -cp evidence.jar io.cagekeeper.evidence.VerifyCommand
 * --key site.pub proof.txt}. Exit 0 with a plain summary (and the leaf's JSON) when it holds, 1 when
 * it does not, 2 on bad arguments or unreadable files.
 */
public final class VerifyCommand {

    private static final String USAGE = """
            usage: VerifyCommand --key <site verifier key file> <inclusion proof file>
                   VerifyCommand --key <site verifier key file> --report <directory with report.json, report.sig, evidence.txt> [--shareable]
                                 (--shareable: report-shareable.json, report-shareable.sig, evidence-shareable.txt)
                   VerifyCommand --key <site verifier key file> --document <file> --signature <detached signature file>
                   VerifyCommand --key <site verifier key file> --export <signed export file (.jsonl)>
                   VerifyCommand --key <site verifier key file> --checkpoint <signed checkpoint file> [--tsa-cert <TSA certificate>]
                                 [--timestamp <RFC 3161 token file; default: the checkpoint file's name + .tst>]""";

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 6 && args[0].equals("--key") && args[2].equals("--document") && args[4].equals("--signature")) {
            return document(args, out, err);
        }
        java.util.Map<String, String> opts = options(args);
        if (opts != null && opts.containsKey("--key") && opts.containsKey("--export") && opts.size() == 2) {
            return export(opts.get("--key"), opts.get("--export"), out, err);
        }
        if (opts != null && opts.containsKey("--key") && opts.containsKey("--checkpoint")
                && java.util.Set.of("--key", "--checkpoint", "--tsa-cert", "--timestamp").containsAll(opts.keySet())) {
            return checkpoint(opts, out, err);
        }
        if ((args.length == 4 || args.length == 5 && args[4].equals("--shareable")) && args[0].equals("--key") && args[2].equals("--report")) {
            return report(args, out, err);
        }
        if (args.length != 3 || !args[0].equals("--key")) {
            err.println(USAGE);
            return 2;
        }
        NoteKey key;
        InclusionBundle bundle;
        try {
            key = NoteKey.verifier(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
            bundle = InclusionBundle.parse(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        try {
            Checkpoint c = bundle.verify(key);
            out.println("OK: " + bundle.kind() + " " + bundle.id() + " is leaf #" + bundle.index() + " of the log '" + c.origin()
                    + "' of " + c.size() + " leaves, signed by " + key.name() + "+" + key.keyIdHex());
            out.println(new String(bundle.leaf(), StandardCharsets.UTF_8));
            return 0;
        } catch (IllegalArgumentException e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        }
    }

    /** A reconciliation report: its detached signature, then its evidence (checkpoint and every cited event's proof). */
    private static int report(String[] args, PrintStream out, PrintStream err) {
        NoteKey key;
        byte[] report;
        String signature;
        ReportEvidence evidence;
        String name = args.length == 5 ? "report-shareable.json" : "report.json";
        try {
            key = NoteKey.verifier(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
            Path dir = Path.of(args[3]);
            String variant = args.length == 5 ? "-shareable" : "";
            report = Files.readAllBytes(dir.resolve("report" + variant + ".json"));
            signature = Files.readString(dir.resolve("report" + variant + ".sig"), StandardCharsets.UTF_8);
            evidence = ReportEvidence.parse(Files.readString(dir.resolve("evidence" + variant + ".txt"), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        if (!DetachedSignature.verify(report, signature, key)) {
            out.println("FAILED: " + name + " does not carry its signature by " + key.name() + "+" + key.keyIdHex());
            return 1;
        }
        try {
            Checkpoint c = evidence.verify(report, key);
            out.println("OK: " + name + " (SHA-256 " + evidence.reportSha256() + ") is signed by " + key.name() + "+" + key.keyIdHex()
                    + "; each of the " + ReportEvidence.cited(report).size() + " events it cites is in the log '" + c.origin() + "' of "
                    + c.size() + " leaves");
            return 0;
        } catch (IllegalArgumentException e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        }
    }

    /** {@code --name value} pairs, each name once; null when the arguments are not all such pairs. */
    private static java.util.Map<String, String> options(String[] args) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || args[i + 1].startsWith("--") || m.put(args[i], args[i + 1]) != null) {
                return null;
            }
        }
        return args.length % 2 == 0 ? m : null;
    }

    /**
     * A checkpoint file (as the gateway writes it in its checkpoint directory): its signature by the site key
     * and, when its RFC 3161 token is beside it, that token against the TSA's certificate.
     */
    private static int checkpoint(java.util.Map<String, String> opts, PrintStream out, PrintStream err) {
        NoteKey key;
        String note;
        byte[] token = null;
        java.security.cert.X509Certificate tsa = null;
        Path file = Path.of(opts.get("--checkpoint"));
        Path tokenFile = Path.of(opts.getOrDefault("--timestamp", file + ".tst"));
        try {
            key = NoteKey.verifier(Files.readString(Path.of(opts.get("--key")), StandardCharsets.UTF_8));
            note = Files.readString(file, StandardCharsets.UTF_8);
            if (opts.containsKey("--timestamp") || Files.exists(tokenFile)) {
                token = Files.readAllBytes(tokenFile);
            }
            if (opts.containsKey("--tsa-cert")) {
                tsa = TimestampCheck.tsaCertificate(Path.of(opts.get("--tsa-cert")));
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        Checkpoint c;
        try {
            c = Checkpoint.open(note, key);
        } catch (IllegalArgumentException e) {
            out.println("FAILED: " + file + ": " + e.getMessage());
            return 1;
        }
        String head = "the checkpoint of the log '" + c.origin() + "' at " + c.size() + " leaves is signed by " + key.name() + "+" + key.keyIdHex();
        if (token == null && tsa != null) {
            out.println("FAILED: " + head + ", but it has no time-stamp (no " + tokenFile + ")");
            return 1;
        }
        if (token == null) {
            out.println("OK: " + head);
            return 0;
        }
        if (tsa == null) {
            out.println("OK: " + head + "; a time-stamp token is beside it (" + tokenFile + "): give --tsa-cert to check it");
            return 0;
        }
        try {
            out.println("OK: " + head + "; " + TimestampCheck.verify(token, note.getBytes(StandardCharsets.UTF_8), tsa));
            return 0;
        } catch (IllegalArgumentException e) {
            out.println("FAILED: " + tokenFile + ": " + e.getMessage());
            return 1;
        }
    }

    /** A signed event export: the manifest's signature, then every line against it ({@link ExportCheck}). */
    private static int export(String keyFile, String file, PrintStream out, PrintStream err) {
        ExportCheck.Result r;
        NoteKey key;
        try {
            key = NoteKey.verifier(Files.readString(Path.of(keyFile), StandardCharsets.UTF_8));
            try (var in = Files.newInputStream(Path.of(file))) {
                r = ExportCheck.check(in, key);
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        if (!r.ok()) {
            out.println("FAILED: " + file + ": " + r.problem());
            return 1;
        }
        out.println("OK: " + file + " is signed by " + key.name() + "+" + key.keyIdHex() + ": " + r.summary());
        return 0;
    }

    private static int document(String[] args, PrintStream out, PrintStream err) {
        try {
            NoteKey key = NoteKey.verifier(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
            byte[] doc = Files.readAllBytes(Path.of(args[3]));
            boolean ok = DetachedSignature.verify(doc, Files.readString(Path.of(args[5]), StandardCharsets.UTF_8), key);
            out.println(ok ? "OK: " + args[3] + " is signed by " + key.name() + "+" + key.keyIdHex()
                    : "FAILED: " + args[3] + " does not carry that signature by " + key.name() + "+" + key.keyIdHex());
            return ok ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
    }
}
