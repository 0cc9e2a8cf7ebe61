package io.cagekeeper.policy.engine;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * An injective byte encoding of the model's records, for the content hash of the policy's small parts
 * (v3): two values encode alike only when they are equal. Every value carries a type tag, every string
 * its length in UTF-16 units (then the units themselves, so a lone surrogate is not folded into
 * {@code '?'} as a UTF-8 encoder would), every list its size, every record its class and its components
 * in declaration order. A record's {@code toString} has none of that: a name holding
 * {@code ", parentId=x"} or a newline and record-like text renders like other records.
 *
 * <p>Only what the model holds is accepted (records, lists, strings, enums, integral numbers, booleans,
 * instants, dates, times, time zones); anything else is refused loudly rather than encoded in a way
 * nobody checked, so a new kind of field in the model has to be given an encoding here first.
 */
final class CanonicalRecords {

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

    /** Appends {@code v}'s encoding. */
    CanonicalRecords value(Object v) {
        if (v == null) {
            out.write('N');
        } else if (v instanceof String s) {
            out.write('S');
            string(s);
        } else if (v instanceof Record r) {
            record(r);
        } else if (v instanceof List<?> list) {
            out.write('L');
            integer(list.size());
            for (Object e : list) {
                value(e);
            }
        } else if (v instanceof Enum<?> e) {
            out.write('E');
            string(e.getDeclaringClass().getName());
            string(e.name());
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            out.write('I');
            integer(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            out.write(b ? 'Y' : 'F');
        } else if (v instanceof Instant i) {
            out.write('T');
            integer(i.getEpochSecond());
            integer(i.getNano());
        } else if (v instanceof LocalDate || v instanceof LocalTime || v instanceof ZoneId) {
            // Their ISO text is one-to-one with the value within each type; the type is named first.
            out.write('O');
            string(v.getClass().getName());
            string(v.toString());
        } else {
            throw new IllegalArgumentException("no canonical encoding for a " + v.getClass().getName()
                    + " in the policy's content hash: give it one in CanonicalRecords");
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void record(Record r) {
        RecordComponent[] components = COMPONENTS.get(r.getClass());
        out.write('R');
        string(r.getClass().getName());
        integer(components.length);
        for (RecordComponent c : components) {
            try {
                value(c.getAccessor().invoke(r));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + r.getClass().getName() + "." + c.getName(), e);
            }
        }
    }

    private void string(String s) {
        integer(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            out.write(ch >>> 8);
            out.write(ch);
        }
    }

    private void integer(long n) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (n >>> shift));
        }
    }
}
