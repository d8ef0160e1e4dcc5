package io.mcpauthz.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When the watch cuts a client whose write is blocked, and when it leaves it alone. */
@Timeout(30)
class StalledClientCutTest {

  private static final Duration NONE = Duration.ZERO;

  /** A client socket that takes nothing: each write blocks until the connection is cut. */
  private static final class BlockedClient extends OutputStream {
    final CountDownLatch cut = new CountDownLatch(1);
    final CountDownLatch writing = new CountDownLatch(1);

    @Override
    public void write(int b) throws IOException {
      writing.countDown();
      try {
        if (!cut.await(20, TimeUnit.SECONDS)) {
          throw new AssertionError("never cut");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("connection reset");
    }
  }

  @Test
  void shouldCutAWriteBlockedForTheStallTimeoutBeforeMaxDuration() throws Exception {
    BlockedClient client = new BlockedClient();
    long start = System.nanoTime();
    try (StalledClientCut watched = StalledClientCut.watch(client, Duration.ofMinutes(10), Duration.ofMillis(600),
        client.cut::countDown)) {
      writeExpectingReset(watched);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
  }

  @Test
  void shouldCutAWriteBlockedForASecondPastMaxDurationWithoutAStallTimeout() throws Exception {
    BlockedClient client = new BlockedClient();
    long start = System.nanoTime();
    try (StalledClientCut watched = StalledClientCut.watch(client, Duration.ofMillis(300), NONE,
        client.cut::countDown)) {
      writeExpectingReset(watched);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(StalledClientCut.STALLED_PAST_MAX);
  }

  @Test
  void shouldNeverCutAWriteStillBlockedAfterClose() throws Exception {
    BlockedClient client = new BlockedClient();
    CountDownLatch cuts = new CountDownLatch(1);
    StalledClientCut watched = StalledClientCut.watch(client, NONE, Duration.ofMillis(300), cuts::countDown);
    Thread writer = new Thread(() -> writeExpectingReset(watched));
    writer.start();
    assertThat(client.writing.await(5, TimeUnit.SECONDS)).isTrue();
    watched.close();
    assertThat(cuts.await(300 + 3 * StalledClientCut.CHECK_MILLIS, TimeUnit.MILLISECONDS)).isFalse();
    client.cut.countDown();
    writer.join();
  }

  @Test
  void shouldCutOnceEvenWhenTheCutFails() throws Exception {
    BlockedClient client = new BlockedClient();
    CountDownLatch calls = new CountDownLatch(2);
    Runnable failingCut = () -> {
      calls.countDown();
      client.cut.countDown();
      throw new IllegalStateException("channel gone");
    };
    try (StalledClientCut watched = StalledClientCut.watch(client, NONE, Duration.ofMillis(300), failingCut)) {
      writeExpectingReset(watched);
      assertThat(calls.await(3 * StalledClientCut.CHECK_MILLIS, TimeUnit.MILLISECONDS)).isFalse();
      assertThat(calls.getCount()).isEqualTo(1);
    }
  }

  private static void writeExpectingReset(OutputStream watched) {
    try {
      watched.write(new byte[] {1}, 0, 1);
      throw new AssertionError("the blocked write returned");
    } catch (IOException e) {
      assertThat(e).hasMessage("connection reset");
    }
  }
}
