package io.mcpauthz.pdp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionIdsTest {

  @Test
  void shouldPutTheMillisecondFirstAndMarkVersionSeven() {
    UUID random = UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff");
    UUID id = DecisionIds.of(0x0193_8C6A_1B2CL, random);
    assertThat(id.toString()).isEqualTo("01938c6a-1b2c-7fff-bfff-ffffffffffff");
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void shouldSortAsTextInTimeOrderAcrossMilliseconds() {
    List<String> ids = new ArrayList<>();
    for (long ms = 1_700_000_000_000L; ms < 1_700_000_000_000L + 5_000; ms += 7) {
      ids.add(DecisionIds.of(ms, UUID.randomUUID()).toString());
    }
    assertThat(ids).isSorted();
  }

  @Test
  void shouldStayUnique() {
    HashSet<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(DecisionIds.next())).isTrue();
    }
    assertThat(UUID.fromString(DecisionIds.next()).version()).isEqualTo(7);
  }
}
