package io.cagekeeper.gateway.api;

import io.cagekeeper.policy.model.CardFormat;
import io.cagekeeper.policy.model.CardNumber;
import java.util.Locale;

/**
 * Card numbers as people type them: the canonical text of {@link CardNumber} ({@code 18:40211},
 * {@code C1000/12:3456}) or a format with its facility and number. Refusals say what is wrong without
 * quoting the input, so they can go straight into an API answer or an import report.
 */
final class Cards {

    static final String SHAPE = "a card is written 18:40211 (H10301) or C1000/12:3456 (format/facility:number)";

    private Cards() {
    }

    /** The card of canonical {@code text}; IllegalArgumentException with a safe message otherwise. */
    static CardNumber parse(String text) {
        if (text == null || !text.matches("(?:[A-Za-z0-9]{1,10}/)?[0-9]{1,5}:[0-9]{1,12}")) {
            throw new IllegalArgumentException(SHAPE);
        }
        int slash = text.indexOf('/');
        CardFormat format = slash < 0 ? CardFormat.H10301 : format(text.substring(0, slash));
        String rest = text.substring(slash + 1);
        int colon = rest.indexOf(':');
        return of(format, Integer.parseInt(rest.substring(0, colon)), Long.parseLong(rest.substring(colon + 1)));
    }

    /** The card of a format name, facility (or company) and number. */
    static CardNumber of(String format, long facility, long number) {
        return of(format(format), facility, number);
    }

    private static CardNumber of(CardFormat format, long facility, long number) {
        if (facility < 0 || facility > format.maxFacility()) {
            throw new IllegalArgumentException("the facility must be 0-" + format.maxFacility() + " for " + format);
        }
        if (number < 0 || number > format.maxNumber()) {
            throw new IllegalArgumentException("the card number must be 0-" + format.maxNumber() + " for " + format);
        }
        return new CardNumber(format, (int) facility, number);
    }

    private static CardFormat format(String name) {
        for (CardFormat f : CardFormat.values()) {
            if (f.name().equals(name.toUpperCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown card format (H10301, C1000 or H10302)");
    }
}
