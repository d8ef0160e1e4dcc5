package io.mcpauthz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DaemonTimerTest {

  private final ScheduledThreadPoolExecutor timer = DaemonTimer.named("timer-under-test", Duration.ofMillis(100));

  @AfterEach
  void shutDown() {
    timer.shutdownNow();
  }

  @Test
  void shouldRunOnADaemonThreadOfItsName() throws Exception {
    Thread thread = timer.schedule(Thread::currentThread, 10, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);

    assertThat(thread.getName()).isEqualTo("timer-under-test");
    assertThat(thread.isDaemon()).isTrue();
  }

  @Test
  void shouldHoldNoThreadOnceIdleAndStartOneForTheNextTask() throws Exception {
    timer.schedule(() -> { }, 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> timer.getPoolSize() == 0);

    assertThat(timer.schedule(() -> "ran", 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS)).isEqualTo("ran");
  }

  @Test
  void shouldKeepItsThreadForATaskDelayedPastTheIdleLifetime() throws Exception {
    CompletableFuture<Long> ranAt = new CompletableFuture<>();
    long scheduledAt = System.nanoTime();
    timer.schedule(() -> ranAt.complete(System.nanoTime()), 600, TimeUnit.MILLISECONDS);

    assertThat(ranAt.get(5, TimeUnit.SECONDS) - scheduledAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
  }

  @Test
  void shouldNotCarryTheSchedulingThreadsThreadLocalsOntoItsThread() throws Exception {
    InheritableThreadLocal<String> requestContext = new InheritableThreadLocal<>();
    requestContext.set("request-42");
    try {
      assertThat(timer.schedule(requestContext::get, 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS)).isNull();
    } finally {
      requestContext.remove();
    }
  }

  @Test
  void shouldDropACancelledTaskFromItsQueue() {
    timer.schedule(() -> { }, 1, TimeUnit.HOURS).cancel(false);

    assertThat(timer.getQueue()).isEmpty();
  }
}
