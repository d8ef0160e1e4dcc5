package io.mcpauthz.pdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

  @Test
  void shouldStartWithoutTheStartingThreadsThreadLocals() throws Exception {
    InheritableThreadLocal<String> requestContext = new InheritableThreadLocal<>();
    requestContext.set("request-42");
    AtomicReference<String> seen = new AtomicReference<>("unset");
    Thread thread;
    try {
      thread = DaemonThreads.named("daemon-under-test", () -> seen.set(requestContext.get()));
      thread.start();
      thread.join(30_000);
    } finally {
      requestContext.remove();
    }
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("daemon-under-test");
    assertThat(seen.get()).isNull();
  }
}
