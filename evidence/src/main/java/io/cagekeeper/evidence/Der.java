package io.cagekeeper.evidence;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little of DER (X.690) that reading an RFC 3161 time-stamp token needs: a TLV with its tag, its
 * content's bounds and its encoding's, its children, and the values of OIDs, integers and octet strings.
 * Definite lengths only (DER has no other); anything malformed is an {@link IllegalArgumentException}.
 * Kept here so that the evidence module still needs nothing but the JDK.
 */
record Der(byte[] buf, int tag, int start, int contentStart, int end) {

    static Der read(byte[] buf) {
        Der d = at(buf, 0, buf.length);
        if (d.end != buf.length) {
            throw new IllegalArgumentException("trailing bytes after the DER value");
        }
        return d;
    }

    private static Der at(byte[] buf, int pos, int limit) {
        if (pos + 2 > limit) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = buf[pos] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("unsupported DER tag");
        }
        int len = buf[pos + 1] & 0xff;
        int p = pos + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || p + n > limit) {
                throw new IllegalArgumentException("bad DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (buf[p++] & 0xff);
            }
        }
        if (p + len > limit) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Der(buf, tag, pos, p, p + len);
    }

    /** The children of a constructed value. */
    List<Der> children() {
        if ((tag & 0x20) == 0) {
            throw new IllegalArgumentException("a primitive DER value has no children");
        }
        List<Der> out = new ArrayList<>();
        for (int p = contentStart; p < end; ) {
            Der c = at(buf, p, end);
            out.add(c);
            p = c.end;
        }
        return out;
    }

    Der child(int i) {
        List<Der> c = children();
        if (i >= c.size()) {
            throw new IllegalArgumentException("a DER value lacks its element #" + i);
        }
        return c.get(i);
    }

    Der expect(int expectedTag, String what) {
        if (tag != expectedTag) {
            throw new IllegalArgumentException(what + " expected, tag 0x" + Integer.toHexString(tag) + " found");
        }
        return this;
    }

    byte[] content() {
        return Arrays.copyOfRange(buf, contentStart, end);
    }

    /** The whole encoding, tag and length included. */
    byte[] encoded() {
        return Arrays.copyOfRange(buf, start, end);
    }

    String oid() {
        expect(0x06, "an OID");
        if (end == contentStart || (buf[end - 1] & 0x80) != 0) {
            throw new IllegalArgumentException("a malformed OID");
        }
        StringBuilder b = new StringBuilder();
        long v = 0;
        int arcBytes = 0;
        boolean first = true;
        for (int i = contentStart; i < end; i++) {
            if (arcBytes == 0 && (buf[i] & 0xff) == 0x80) {
                throw new IllegalArgumentException("a malformed OID: an arc not minimally encoded");
            }
            if (++arcBytes > 8) {
                throw new IllegalArgumentException("an OID arc too large");
            }
            v = (v << 7) | (buf[i] & 0x7f);
            if ((buf[i] & 0x80) == 0) {
                if (first) {
                    b.append(v < 80 ? v / 40 : 2).append('.').append(v < 80 ? v % 40 : v - 80);
                    first = false;
                } else {
                    b.append('.').append(v);
                }
                v = 0;
                arcBytes = 0;
            }
        }
        return b.toString();
    }

    /** A DER INTEGER: at least one byte, minimally encoded (X.690 8.3.2), as DER and BouncyCastle demand. */
    BigInteger integer() {
        expect(0x02, "an INTEGER");
        int n = end - contentStart;
        if (n == 0 || n > 1 && (buf[contentStart] == 0 && buf[contentStart + 1] >= 0
                || buf[contentStart] == (byte) 0xff && buf[contentStart + 1] < 0)) {
            throw new IllegalArgumentException("a malformed INTEGER");
        }
        return new BigInteger(content());
    }
}
