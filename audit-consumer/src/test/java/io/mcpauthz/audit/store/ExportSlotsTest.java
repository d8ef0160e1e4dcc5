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
    assertThatThrownBy(() -> new ExportSlots(0, () -> { })).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mcp-authz.audit.export.max-concurrent");
    assertThatThrownBy(() -> new ExportSlots(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseOnePastTheBoundAndCountIt() {
    AtomicInteger refused = new AtomicInteger();
    ExportSlots slots = new ExportSlots(1, refused::incrementAndGet);
    try (ExportSlots.Slot held = slots.take()) {
      assertThat(slots.inUse()).isEqualTo(1);
      assertThatThrownBy(slots::take)
          .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_BUSY));
      assertThat(refused).hasValue(1);
    }
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void shouldGiveASlotBackOnceHoweverOftenItIsClosed() {
    ExportSlots slots = new ExportSlots(2, () -> { });
    ExportSlots.Slot slot = slots.take();
    slot.close();
    slot.close();
    assertThat(slots.inUse()).isZero();
    slots.take();
    slots.take();
    assertThatThrownBy(slots::take).isInstanceOf(AuditException.class);
  }
}
