package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InternerTest {

  private final Interner interner = new Interner();

  @Test
  void shouldReturnOneSharedCopyOfEqualStrings() {
    String first = interner.intern(new String("tool:github/create_issue"));
    assertThat(interner.intern(new String("tool:github/create_issue"))).isSameAs(first);
  }

  @Test
  void shouldStopSharingOnceFullSoAFloodOfNamesCannotGrowIt() {
    for (int i = 0; i < Interner.MAX_ENTRIES; i++) {
      interner.intern("flood/" + i);
    }
    String late = new String("github/create_issue");
    assertThat(interner.intern(late)).isSameAs(late);
    assertThat(interner.intern(new String("github/create_issue"))).isNotSameAs(late).isEqualTo(late);
    assertThat(interner.intern(new String("flood/7"))).isSameAs(interner.intern("flood/7"));
  }

  @Test
  void shouldKeepALongStringAsItIs() {
    String longName = "x".repeat(Interner.MAX_LENGTH + 1);
    interner.intern(longName);
    String again = new String(longName);
    assertThat(interner.intern(again)).isSameAs(again);
  }
}
