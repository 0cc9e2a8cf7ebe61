package io.cagekeeper.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.sim.tsa.LocalTsa;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * The hand-written DER reader behind the JDK-only time-stamp check, attacked with damaged tokens and held against
 * BouncyCastle's reader on the same bytes: a malformed token must be an {@link IllegalArgumentException} with a
 * sentence (never another exception that would reach an auditor as a stack trace), every OID and INTEGER the
 * hand-written reader decodes BouncyCastle decodes alike, and no damage may change what the check reports about a
 * genuine token.
 */
class DerAgainstBouncyCastleTest {

    static LocalTsa tsa;
    static byte[] genuine;
    static TimestampCheck.Stamp genuineStamp;
    static final byte[] NOTE = new Checkpoint("cagekeeper/der", 7, new byte[32]).sign(List.of(NoteKey.generate("cagekeeper/der")))
            .encode().getBytes(StandardCharsets.UTF_8);

    @BeforeContainer
    static void start() throws Exception {
        tsa = LocalTsa.start("DER TSA");
        genuine = TimestampCheckTest.token(tsa, NOTE, BigInteger.valueOf(77));
        genuineStamp = TimestampCheck.verify(genuine, NOTE, tsa.certificate());
    }

    @AfterContainer
    static void stop() {
        tsa.close();
    }

    /** A damaged copy of the genuine token: one to three bytes replaced, or the token cut short, or grown. */
    @Provide
    Arbitrary<byte[]> damagedTokens() {
        Arbitrary<byte[]> replaced = Combinators.combine(
                        Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.bytes().list().ofSize(3))
                .as((positions, values) -> {
                    byte[] t = genuine.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        int at = positions.get(i) % t.length;
                        t[at] = values.get(i) == t[at] ? (byte) (t[at] ^ 0x01) : values.get(i);
                    }
                    return t;
                });
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, Integer.MAX_VALUE)
                .map(n -> java.util.Arrays.copyOf(genuine, n % genuine.length));
        Arbitrary<byte[]> grown = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8).map(tail -> {
            byte[] t = java.util.Arrays.copyOf(genuine, genuine.length + tail.length);
            System.arraycopy(tail, 0, t, genuine.length, tail.length);
            return t;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, replaced), net.jqwik.api.Tuple.of(1, cut), net.jqwik.api.Tuple.of(1, grown));
    }

    @Property(tries = 3000)
    void aDamagedTokenIsRefusedWithASentenceOrReportsExactlyWhatTheGenuineOneDoes(@ForAll("damagedTokens") byte[] token) {
        TimestampCheck.Stamp s;
        try {
            s = TimestampCheck.verify(token, NOTE, tsa.certificate());
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith("the ");
            return;
        }
        // accepted: the damage sat where nothing is signed or read (e.g. inside the certificates the token carries)
        assertThat(s).isEqualTo(genuineStamp);
    }

    @Property(tries = 3000)
    void everyOidAndIntegerTheHandWrittenReaderDecodesBouncyCastleDecodesToTheSameValue(@ForAll("damagedTokens") byte[] token) {
        Der d;
        try {
            d = Der.read(token);
        } catch (IllegalArgumentException refused) {
            return;
        }
        compareWithBouncyCastle(d);
    }

    @Example
    void aGenTimeInTheThirteenthMonthIsRefusedWithASentenceNotADateParserCrash() {
        String text = new String(genuine, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d{14}(\\.\\d+)?Z").matcher(text);
        assertThat(m.find()).isTrue();
        byte[] t = genuine.clone();
        t[m.start() + 4] = '1';
        t[m.start() + 5] = '3';
        assertThatThrownBy(() -> TimestampCheck.verify(t, NOTE, tsa.certificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the time-stamp token is malformed: the token's genTime is not a date");
    }

    @Property(tries = 2000)
    void randomBytesAreAnIllegalArgumentOrAValueNeverAnotherException(@ForAll byte[] bytes) {
        try {
            walk(Der.read(bytes));
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /**
     * Walks {@code d} as the check does and, for each OID and INTEGER the hand-written reader decodes, decodes the same
     * encoding with BouncyCastle: it must accept it too (the hand-written one may be stricter, never laxer) and agree.
     */
    private static void compareWithBouncyCastle(Der d) {
        if ((d.tag() & 0x20) != 0) {
            List<Der> children;
            try {
                children = d.children();
            } catch (IllegalArgumentException refused) {
                return;
            }
            children.forEach(DerAgainstBouncyCastleTest::compareWithBouncyCastle);
        } else if (d.tag() == 0x06) {
            String mine;
            try {
                mine = d.oid();
            } catch (IllegalArgumentException refused) {
                return;
            }
            assertThatCode(() -> assertThat(ASN1ObjectIdentifier.getInstance(ASN1Primitive.fromByteArray(d.encoded())).getId())
                    .isEqualTo(mine)).as("OID %s", mine).doesNotThrowAnyException();
        } else if (d.tag() == 0x02) {
            BigInteger mine;
            try {
                mine = d.integer();
            } catch (IllegalArgumentException refused) {
                return;
            }
            assertThatCode(() -> assertThat(ASN1Integer.getInstance(ASN1Primitive.fromByteArray(d.encoded())).getValue())
                    .isEqualTo(mine)).as("INTEGER %s", mine).doesNotThrowAnyException();
        }
    }

    /** Reads every value below {@code d} the way the check does: children of constructed values, OIDs, integers. */
    private static void walk(Der d) {
        if ((d.tag() & 0x20) != 0) {
            for (Der c : d.children()) {
                walk(c);
            }
        } else if (d.tag() == 0x06) {
            d.oid();
        } else if (d.tag() == 0x02) {
            d.integer();
        }
    }
}
