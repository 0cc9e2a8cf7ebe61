package io.cagekeeper.policy.model;

import java.util.Objects;

/**
 * The identity printed on a badge: format, facility (or company) and number. It is the key the
 * engine looks credentials up by, so two reads of one card always compare equal whatever form
 * (decoded or raw Wiegand) the reader sent them in.
 */
public record CardNumber(CardFormat format, int facility, long number) {

    public CardNumber {
        Objects.requireNonNull(format, "format");
        if (facility < 0 || facility > format.maxFacility()) {
            throw new IllegalArgumentException(format + " facility out of range: " + facility);
        }
        if (number < 0 || number > format.maxNumber()) {
            throw new IllegalArgumentException(format + " number out of range: " + number);
        }
    }

    public static CardNumber h10301(int facility, long number) {
        return new CardNumber(CardFormat.H10301, facility, number);
    }

    public static CardNumber c1000(int company, long number) {
        return new CardNumber(CardFormat.C1000, company, number);
    }

    /**
     * Parses the text form produced by {@link #toString()}: {@code 18:40211} for H10301 and
     * {@code C1000/1234:567890} for Corporate 1000.
     */
    public static CardNumber parse(String text) {
        Objects.requireNonNull(text, "card");
        CardFormat format = CardFormat.H10301;
        String rest = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            format = CardFormat.valueOf(text.substring(0, slash));
            rest = text.substring(slash + 1);
        }
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("card must look like 18:40211 or C1000/12:3456");
        }
        return new CardNumber(format, Integer.parseInt(rest.substring(0, colon)), Long.parseLong(rest.substring(colon + 1)));
    }

    /** The form people read on reports and in decision sentences. */
    @Override
    public String toString() {
        return format == CardFormat.H10301 ? facility + ":" + number : format + "/" + facility + ":" + number;
    }
}
