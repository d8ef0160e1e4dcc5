package io.mcpauthz.audit.export;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An export's HTTP body that ends a client which stopped reading. The export's own bound
 * ({@code max-duration}) is checked between rows, so it cannot end a write blocked on a full
 * socket: the export, its slot and its store connection would stay until the HTTP idle timeout.
 * From {@code max-duration} on, a timer therefore checks every {@value #CHECK_MILLIS} ms whether
 * a write or flush has been blocked for {@link #STALLED} or more, and then runs {@code cut}
 * ({@link #abort}: the blocked write fails, the export ends and frees its slot). A client that
 * still reads gets its marker line as before; a stalled one a body cut without it. Closing ends
 * the watch only: the framework ends the response.
 */
public final class StalledClientCut extends OutputStream {

  /** How long a write must have been blocked at or past max-duration for the client to count as gone. */
  static final Duration STALLED = Duration.ofSeconds(1);
  static final long CHECK_MILLIS = 200;
  private static final long IDLE = Long.MIN_VALUE;

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "audit-export-stall");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /**
   * Ends an exchange so that its client sees a cut body, never a whole one, and its blocked write
   * fails: an HTTP/2 stream is reset; an HTTP/1.1 connection is reset (SO_LINGER 0, so the kernel
   * drops what the client never read). The close starts below Vert.x's handler, whose own close
   * (like the response's reset on HTTP/1.1) waits until the queued writes are out: for a client
   * that reads nothing, never.
   */
  public static void abort(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
    } else if (request.connection() instanceof ConnectionBase connection) {
      Channel channel = connection.channel();
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
      channel.pipeline().firstContext().close();
    } else {
      request.connection().close();
    }
  }

  private final OutputStream out;
  private final Runnable cut;
  private final ScheduledFuture<?> check;
  /** When the write in progress began ({@link System#nanoTime}), {@link #IDLE} between writes. */
  private volatile long writingSince = IDLE;

  /** Watches {@code out} from {@code maxDuration} on; zero (no bound) watches nothing. */
  public StalledClientCut(OutputStream out, Duration maxDuration, Runnable cut) {
    this.out = out;
    this.cut = cut;
    this.check = maxDuration.isZero() || maxDuration.isNegative() ? null : TIMER.scheduleWithFixedDelay(this::check, maxDuration.toMillis(),
        CHECK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void check() {
    long since = writingSince;
    if (since != IDLE && System.nanoTime() - since >= STALLED.toNanos()) {
      check.cancel(false);
      cut.run();
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    writingSince = System.nanoTime();
    try {
      out.write(bytes, offset, length);
    } finally {
      writingSince = IDLE;
    }
  }

  @Override
  public void flush() throws IOException {
    writingSince = System.nanoTime();
    try {
      out.flush();
    } finally {
      writingSince = IDLE;
    }
  }

  @Override
  public void close() {
    if (check != null) {
      check.cancel(false);
    }
  }
}
