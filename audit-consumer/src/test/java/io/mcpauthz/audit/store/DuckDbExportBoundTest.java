package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.store.DecisionReader.ExportEnd;
import io.mcpauthz.audit.support.HeldExports;
import io.mcpauthz.audit.support.TestDuckDb;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bound on concurrent exports on a real DuckDB file (each holds a connection and a streaming
 * result); PostgreSQL's, with its server sessions counted, in {@code PostgresExportBoundTest}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails here
class DuckDbExportBoundTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Duration MAX_DURATION = Duration.ofMinutes(10);

  @RegisterExtension
  final TestDuckDb store = new TestDuckDb();

  private final AtomicInteger refused = new AtomicInteger();
  private DecisionReader reader;

  @BeforeEach
  void fill() throws Exception {
    store.writer().insert(List.of(RetentionSweepTest.event("e-1", T0), RetentionSweepTest.event("e-2", T0.plusSeconds(1))));
    reader = new DecisionReader(store.db(), new ExportSlots(2, 1, refused::incrementAndGet));
  }

  @Test
  void shouldRefuseTheExportPastTheBoundAtOnceUntilOneHasEnded() throws Exception {
    try (HeldExports exports = new HeldExports()) {
      HeldExports.Held first = exports.hold(reader, DecisionFilter.ALL);
      exports.hold(reader, DecisionFilter.ALL);

      List<DecisionRow> rows = new ArrayList<>();
      assertThatThrownBy(() -> reader.export("an-auditor", DecisionFilter.ALL, MAX_DURATION, rows::add))
          .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_BUSY));
      assertThat(rows).isEmpty();
      assertThat(refused).hasValue(1);
      assertThat(reader.find("e-1")).as("reads are not bounded by the exports").isPresent();

      ExportEnd end = first.finish();
      assertThat(end.complete()).isTrue();
      assertThat(end.rows()).isEqualTo(2);

      assertThat(reader.export("an-auditor", DecisionFilter.ALL, MAX_DURATION, rows::add).complete()).isTrue();
      assertThat(rows).extracting(DecisionRow::decisionId).containsExactly("e-2", "e-1");
      assertThat(refused).hasValue(1);
    }
  }

  /** A client gone mid-stream (the sink's I/O error) gives its slot back, as many times as there are slots. */
  @Test
  void shouldGiveTheSlotBackWhenAnExportFails() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> reader.export("an-auditor", DecisionFilter.ALL, MAX_DURATION, row -> {
        throw new IOException("broken pipe");
      })).isInstanceOf(IOException.class);
    }
    try (HeldExports exports = new HeldExports()) {
      exports.hold(reader, DecisionFilter.ALL);
      exports.hold(reader, DecisionFilter.ALL);
    }
    assertThat(refused).hasValue(0);
  }
}
