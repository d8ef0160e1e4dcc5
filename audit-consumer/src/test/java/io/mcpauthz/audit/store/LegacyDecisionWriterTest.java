package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.support.TestDuckDb;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link DecisionWriterTest} on a file created by an earlier version (primary key on
 * decision_id, session index), which this version opens as it is: the key still refuses a stored
 * id, and the session index still serves the session's span.
 */
class LegacyDecisionWriterTest extends DecisionWriterTest {

  @Override
  TestDuckDb newStore() {
    return TestDuckDb.legacy();
  }

  @Test
  void shouldKeepThePrimaryKeyOfAnOlderFile() throws SQLException {
    assertThat(store.db().keyed()).isTrue();
    store.writer().insert(timed("a-", 0, 10));
    DecisionFilter session = DecisionFilter.session("s-1");
    assertThat(store.reader().page(session, null, SortOrder.OLDEST_FIRST, 100).rows()).hasSize(10);
    assertThat(store.reader().find("a-3")).isPresent();
    // The old way of a redelivery: the key refuses the append, the batch goes through staging.
    assertThat(store.writer().insert(List.of(event("a-3", T0.plusMillis(3)), event("new", T0)))).isEqualTo(1);
  }
}
