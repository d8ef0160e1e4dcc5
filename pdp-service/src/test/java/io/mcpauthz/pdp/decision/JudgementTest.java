package io.mcpauthz.pdp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.policy.PolicyDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgementTest {

  private static PolicyDecision policy(boolean allow) {
    return new PolicyDecision(allow, null, List.of(), JsonNodeFactory.instance.objectNode(), null);
  }

  @Test
  void shouldGiveAPolicyDenyWithoutReasonsTheReasonNoReasonGiven() {
    Judgement judgement = Judgement.of("d-1", null, policy(false), Subject.ANONYMOUS);

    assertThat(judgement.refusal()).isEqualTo(ErrorCode.POLICY_DENIED);
    assertThat(judgement.reasons()).extracting(PolicyDecision.Reason::code).containsExactly("no_reason_given");
  }

  @Test
  void shouldKeepAnAllowWithoutReasonsWithoutReasons() {
    assertThat(Judgement.of("d-2", null, policy(true), Subject.ANONYMOUS).reasons()).isEmpty();
  }
}
