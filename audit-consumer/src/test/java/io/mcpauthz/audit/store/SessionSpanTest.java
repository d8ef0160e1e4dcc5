package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.support.TestDuckDb;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A session's reads are bounded by its span, and the bound never loses one of its events. */
class SessionSpanTest {

  private static final Instant T0 = Instant.parse("2026-11-26T07:00:00.123456Z");

  @RegisterExtension
  final TestDuckDb store = new TestDuckDb();

  private DecisionReader reader;

  @BeforeEach
  void open() throws SQLException {
    reader = store.reader();
    List<DecisionEvent> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(event("other-" + i, T0.plusSeconds(i - 5), "s-other"));
    }
    // The session's first and last events sit at microsecond edges of its span.
    events.add(event("first", T0, "s-1"));
    events.add(event("middle", T0.plusMillis(1500), "s-1"));
    events.add(event("last", T0.plusSeconds(3).plusNanos(1_000), "s-1"));
    store.writer().insert(events);
  }

  @Test
  void shouldReadEverySessionEventIncludingBothEnds() {
    assertThat(ids(reader.page(DecisionFilter.session("s-1"), null, SortOrder.OLDEST_FIRST, 100)))
        .containsExactly("first", "middle", "last");
  }

  @Test
  void shouldKeepTheCallersTighterTimeRange() {
    DecisionFilter filter = SessionSpan.within(DecisionFilter.session("s-1"), T0, T0.plusSeconds(4));
    DecisionFilter tighter = SessionSpan.within(filter, T0.plusSeconds(1), T0.plusSeconds(10));
    assertThat(tighter.from()).isEqualTo(T0.plusSeconds(1));
    assertThat(tighter.to()).isEqualTo(T0.plusSeconds(4));
    assertThat(ids(reader.page(tighter, null, SortOrder.OLDEST_FIRST, 100))).containsExactly("middle", "last");
  }

  @Test
  void shouldAnswerAnUnknownSessionWithNothing() {
    Page page = reader.page(DecisionFilter.session("s-none"), null, SortOrder.NEWEST_FIRST, 100);
    assertThat(page.rows()).isEmpty();
    assertThat(page.next()).isNull();
  }

  @Test
  void shouldExportTheSessionLikeItsPages() throws Exception {
    List<String> exported = new ArrayList<>();
    reader.export("an-auditor", DecisionFilter.session("s-1"), Duration.ZERO, row -> exported.add(row.decisionId()));
    assertThat(exported).containsExactly("last", "middle", "first");
  }

  private static List<String> ids(Page page) {
    return page.rows().stream().map(DecisionRow::decisionId).toList();
  }

  private static DecisionEvent event(String id, Instant time, String session) {
    return new DecisionEvent(id, time, "allow", 200, "read", "alice", "agent-7", "github", "list_issues",
        "tools/call", session, List.of(), "{\"decision_id\":\"" + id + "\"}");
  }
}
