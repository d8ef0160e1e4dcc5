package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExportSlotsTest {

  @Test
  void shouldRefuseABoundBelowOne() {
    assertThatThrownBy(() -> new ExportSlots(0, 1, () -> { })).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mcp-authz.audit.export.max-concurrent");
    assertThatThrownBy(() -> new ExportSlots(-1, 1, () -> { })).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseOnePastTheBoundAndCountIt() {
    AtomicInteger refused = new AtomicInteger();
    ExportSlots slots = new ExportSlots(1, 1, refused::incrementAndGet);
    try (ExportSlots.Slot held = slots.take("an-auditor")) {
      assertThat(slots.inUse()).isEqualTo(1);
      assertThatThrownBy(() -> slots.take("another"))
          .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_BUSY));
      assertThat(refused).hasValue(1);
    }
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void shouldGiveASlotBackOnceHoweverOftenItIsClosed() {
    ExportSlots slots = new ExportSlots(2, 1, () -> { });
    ExportSlots.Slot slot = slots.take("an-auditor");
    slot.close();
    slot.close();
    assertThat(slots.inUse()).isZero();
    slots.take("an-auditor");
    slots.take("a-second-auditor");
    assertThatThrownBy(() -> slots.take("a-third-auditor")).isInstanceOf(AuditException.class);
  }

  /** One subject cannot take every slot: its second export is refused while another subject's is served. */
  @Test
  void shouldRefuseASubjectsSecondExportButServeAnotherSubject() {
    AtomicInteger refused = new AtomicInteger();
    ExportSlots slots = new ExportSlots(2, 1, refused::incrementAndGet);
    ExportSlots.Slot first = slots.take("an-auditor");
    assertThatThrownBy(() -> slots.take("an-auditor"))
        .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_BUSY))
        .hasMessageContaining("subject");
    assertThat(refused).hasValue(1);
    assertThat(slots.inUse()).isEqualTo(1);
    slots.take("another-auditor");
    first.close();
    slots.take("an-auditor").close();
  }
}
