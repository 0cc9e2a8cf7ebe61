package io.cagekeeper.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.auth.Role;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CardMaskTest {

    private static Actor actor(Role... roles) {
        return new Actor("token:1", "t", Set.of(roles), null, null, null, null, "en", false, null);
    }

    @Test
    void theDeskSeesTheLastFourDigitsInTheCardAndInTheSentenceQuotingIt() {
        JsonObject e = new JsonObject().put("card", "18:40211").put("sentence", "Denied: credential 18:40211 reported LOST");
        JsonObject shown = CardMask.event(e.copy(), actor(Role.SECURITY_DESK));
        assertThat(shown.getString("card")).isEqualTo("****0211");
        assertThat(shown.getString("sentence")).isEqualTo("Denied: credential ****0211 reported LOST");
        assertThat(CardMask.mask("C1000/1234:567890")).isEqualTo("****7890");
        assertThat(CardMask.mask("1:7")).isEqualTo("****17");
    }

    @Test
    void facilitiesAndAuditorsSeeWholeCardNumbersEvenWhenTheyAlsoHoldTheDeskRole() {
        JsonObject e = new JsonObject().put("card", "18:40211").put("sentence", "Granted: Alice (18:40211)");
        for (Actor a : new Actor[] {actor(Role.FACILITIES), actor(Role.AUDITOR), actor(Role.SECURITY_DESK, Role.AUDITOR)}) {
            assertThat(CardMask.event(e.copy(), a)).isEqualTo(e);
        }
        assertThat(CardMask.seesCards(actor(Role.ADMIN))).isFalse();
        assertThat(CardMask.event(new JsonObject().put("card", null), actor(Role.SECURITY_DESK)).getString("card")).isNull();
    }
}
