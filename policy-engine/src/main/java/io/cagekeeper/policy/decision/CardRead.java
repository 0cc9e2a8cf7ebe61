package io.cagekeeper.policy.decision;

import io.cagekeeper.policy.model.CardNumber;
import java.util.Objects;

/** What a reader reported about the card: a decoded number, or a read that failed its checks. */
public sealed interface CardRead {

    record Decoded(CardNumber card) implements CardRead {
        public Decoded {
            Objects.requireNonNull(card, "card");
        }
    }

    /** A frame that failed parity or length checks; always denied with {@link ReasonCode#BAD_CARD_READ}. */
    record Unreadable(String why) implements CardRead {
        public Unreadable {
            Objects.requireNonNull(why, "why");
        }
    }
}
