package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.auth.Role;
import io.vertx.core.json.JsonObject;

/**
 * Who sees whole card numbers. A card number is what a cloned badge needs (H10301 carries no secret):
 * facilities, who enroll and re-issue badges, and auditors, who reconcile them, see it whole; the
 * security desk identifies a badge holder by name and credential id and sees only the last four
 * digits ({@code ****0211}), in the card column and wherever a decision sentence quotes the card.
 * The desk cannot filter events by card number either (it could confirm a guessed number); it
 * filters by credential id or person instead.
 */
public final class CardMask {

    private CardMask() {
    }

    /** Whether {@code actor} may see whole card numbers. */
    public static boolean seesCards(Actor actor) {
        return actor != null && (actor.has(Role.FACILITIES) || actor.has(Role.AUDITOR));
    }

    /** {@code 18:40211} → {@code ****0211}: four stars and the number's last four digits; null stays null. */
    public static String mask(String card) {
        if (card == null) {
            return null;
        }
        String digits = card.replaceAll("[^0-9]", "");
        return "****" + digits.substring(Math.max(0, digits.length() - 4));
    }

    /** {@code text} with every occurrence of {@code card} masked. */
    public static String maskIn(String text, String card) {
        return text == null || card == null || card.isEmpty() ? text : text.replace(card, mask(card));
    }

    /** An event as the API shows it to {@code actor}: its card (and the sentence quoting it) masked unless they see cards. */
    public static JsonObject event(JsonObject event, Actor actor) {
        String card = event.getString("card");
        if (card == null || seesCards(actor)) {
            return event;
        }
        return event.put("card", mask(card)).put("sentence", maskIn(event.getString("sentence"), card));
    }
}
