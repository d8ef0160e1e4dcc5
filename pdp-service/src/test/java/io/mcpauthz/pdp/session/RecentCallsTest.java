package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentCallsTest {

  private static List<String> ids(RecentCalls recent) {
    List<String> ids = new ArrayList<>();
    recent.forEach(call -> ids.add(call.decisionId()));
    return ids;
  }

  private static RecentCalls.Call call(int i) {
    return new RecentCalls.Call("d-" + i, i, "crm/get_customer", "read", true);
  }

  @Test
  void shouldKeepTheLastCallsOldestFirstAcrossGrowthAndWrapping() {
    RecentCalls recent = new RecentCalls(5);
    for (int i = 1; i <= 3; i++) {
      recent.add(call(i));
    }
    assertThat(ids(recent)).containsExactly("d-1", "d-2", "d-3");
    for (int i = 4; i <= 12; i++) {
      recent.add(call(i));
    }
    assertThat(ids(recent)).containsExactly("d-8", "d-9", "d-10", "d-11", "d-12");
  }

  @Test
  void shouldKeepNothingWithoutCapacity() {
    RecentCalls recent = new RecentCalls(0);
    recent.add(call(1));
    assertThat(ids(recent)).isEmpty();
  }
}
