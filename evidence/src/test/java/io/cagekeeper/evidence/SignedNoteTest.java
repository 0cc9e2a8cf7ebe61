package io.cagekeeper.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Vectors from Go's golang.org/x/mod/sumdb/note tests (the reference implementation of signed notes). */
class SignedNoteTest {

    private static final String VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private static final String SIGNED = TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    private static final String ENOCH_LINE = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    @Test
    void signsExactlyAsTheReferenceImplementation() {
        NoteKey k = NoteKey.signer(SKEY, VKEY);
        assertThat(k.keyIdHex()).isEqualTo("c74f20a3");
        assertThat(SignedNote.sign(TEXT, List.of(k)).encode()).isEqualTo(SIGNED);
    }

    @Test
    void checksEachOfSeveralSignaturesAndIgnoresUnknownOnes() {
        SignedNote n = SignedNote.parse(SIGNED + ENOCH_LINE);
        assertThat(n.lines()).hasSize(2);
        assertThat(n.verifiedBy(NoteKey.verifier(VKEY))).isTrue();
        assertThat(n.verifiedBy(NoteKey.verifier(ENOCH_VKEY))).isTrue();
        assertThat(n.verifiedBy(NoteKey.generate("PeterNeumann"))).as("same name, other key").isFalse();
    }

    @Test
    void refusesAChangedTextOrSignature() {
        String changed = SIGNED.replace("answer", "Answer");
        assertThat(SignedNote.parse(changed).verifiedBy(NoteKey.verifier(VKEY))).isFalse();
        String badSig = SIGNED.replace("x08go/ZJ", "x08go/ZK");
        assertThat(SignedNote.parse(badSig).verifiedBy(NoteKey.verifier(VKEY))).isFalse();
        assertThatThrownBy(() -> SignedNote.parse(TEXT)).hasMessageContaining("malformed note");
        assertThatThrownBy(() -> NoteKey.verifier(VKEY.replace("c74f20a3", "c74f20a4"))).hasMessageContaining("key id");
    }

    @Test
    void aCheckpointSurvivesSigningCosigningAndReading() {
        NoteKey site = NoteKey.generate("cagekeeper.example/site-1");
        NoteKey witness = NoteKey.generate("witness.example");
        MemoryTree t = new MemoryTree();
        t.append(Merkle.leafHash(new byte[] {1}));
        Checkpoint c = new Checkpoint("cagekeeper.example/site-1", 1, t.root());
        String note = c.sign(List.of(site)).cosign(witness).encode();
        assertThat(note).startsWith("cagekeeper.example/site-1\n1\n").contains("\n\n\u2014 cagekeeper.example/site-1 ");
        assertThat(Checkpoint.open(note, site)).isEqualTo(c);
        assertThat(Checkpoint.open(note, witness)).isEqualTo(c);
        assertThat(Checkpoint.open(note, NoteKey.verifier(site.verifierKey()))).isEqualTo(c);
        NoteKey again = NoteKey.signer(site.signerKey(), site.verifierKey());
        assertThat(Checkpoint.open(c.sign(List.of(again)).encode(), site)).isEqualTo(c);
        String forged = note.replaceFirst("\n1\n", "\n2\n");
        assertThatThrownBy(() -> Checkpoint.open(forged, site)).hasMessageContaining("no valid signature");
    }
}
