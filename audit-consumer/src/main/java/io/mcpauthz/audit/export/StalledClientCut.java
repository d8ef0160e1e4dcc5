package io.mcpauthz.audit.export;

import io.mcpauthz.audit.DaemonTimer;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * An export's HTTP body that ends a client which stopped reading. The export's own bound
 * ({@code max-duration}) is checked between rows, so it cannot end a write blocked on a full
 * socket: the export, its slot and its store connection would stay until the HTTP idle timeout.
 * A timer therefore checks every {@value #CHECK_MILLIS} ms how long the write or flush in
 * progress has been blocked; at {@code stall-timeout}, or at {@link #STALLED_PAST_MAX} once the
 * export is past {@code max-duration}, it runs {@code cut} once ({@link #abort}: the blocked write
 * fails, the export ends and frees its slot). A client that still reads gets its marker line as
 * before; a stalled one a body cut without it. Closing ends the watch only: the framework ends the
 * response.
 */
public final class StalledClientCut extends OutputStream {

  /** How long a write must be blocked past max-duration for the client to count as gone. */
  static final Duration STALLED_PAST_MAX = Duration.ofSeconds(1);
  static final long CHECK_MILLIS = 200;
  private static final long IDLE = Long.MIN_VALUE;
  private static final int WATCHING = 0;
  private static final int CUT = 1;
  private static final int CLOSED = 2;

  private static final Logger LOGGER = Logger.getLogger(StalledClientCut.class);
  private static final ScheduledThreadPoolExecutor TIMER = DaemonTimer.named("audit-export-stall");

  /**
   * Ends an exchange so that its client sees a cut body, never a whole one, and its blocked write
   * fails: an HTTP/2 stream is reset; an HTTP/1.1 connection is reset (SO_LINGER 0, so the kernel
   * drops what the client never read). The close starts below Vert.x's handler, whose own close
   * (like the response's reset on HTTP/1.1) waits until the queued writes are out: for a client
   * that reads nothing, never. A response that has ended is left alone: the cut came too late,
   * and its connection may carry the client's next request.
   */
  public static void abort(HttpServerRequest request) {
    if (request.response().ended()) {
      return;
    }
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

  /**
   * Watches the writes to {@code out}. A zero {@code maxDuration} or {@code stallTimeout} is no
   * bound of that kind; with neither, nothing is watched.
   */
  public static StalledClientCut watch(OutputStream out, Duration maxDuration, Duration stallTimeout, Runnable cut) {
    StalledClientCut watched = new StalledClientCut(out, nanos(maxDuration), nanos(stallTimeout), cut);
    if (watched.maxNanos != Long.MAX_VALUE || watched.stallNanos != Long.MAX_VALUE) {
      watched.check = TIMER.scheduleWithFixedDelay(watched::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }
    return watched;
  }

  private static long nanos(Duration bound) {
    return bound.isZero() || bound.isNegative() ? Long.MAX_VALUE : bound.toNanos();
  }

  private final OutputStream out;
  private final long startedAt = System.nanoTime();
  private final long maxNanos;
  private final long stallNanos;
  private final Runnable cut;
  private final AtomicInteger state = new AtomicInteger(WATCHING);
  private volatile ScheduledFuture<?> check;
  /** When the write in progress began ({@link System#nanoTime}), {@link #IDLE} between writes. */
  private volatile long writingSince = IDLE;

  private StalledClientCut(OutputStream out, long maxNanos, long stallNanos, Runnable cut) {
    this.out = out;
    this.maxNanos = maxNanos;
    this.stallNanos = stallNanos;
    this.cut = cut;
  }

  private void check() {
    long since = writingSince;
    if (since == IDLE) {
      return;
    }
    long now = System.nanoTime();
    long blocked = now - since;
    boolean pastMax = now - startedAt >= maxNanos;
    if (blocked >= stallNanos || pastMax && blocked >= STALLED_PAST_MAX.toNanos()) {
      if (state.compareAndSet(WATCHING, CUT)) {
        stopChecking();
        try {
          cut.run();
        } catch (RuntimeException e) {
          LOGGER.warn("could not cut the connection of an export whose client stopped reading", e);
        }
      }
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

  /** Whether the client was cut: a write's failure after that is the cut's, not the store's. */
  public boolean wasCut() {
    return state.get() == CUT;
  }

  /** Ends the watch; a cut already running still finishes. */
  @Override
  public void close() {
    state.compareAndSet(WATCHING, CLOSED);
    stopChecking();
  }

  private void stopChecking() {
    ScheduledFuture<?> future = check;
    if (future != null) {
      future.cancel(false);
    }
  }
}
