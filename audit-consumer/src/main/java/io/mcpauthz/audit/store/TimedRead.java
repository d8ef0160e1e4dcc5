package io.mcpauthz.audit.store;

import io.mcpauthz.audit.DaemonTimer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A connection whose work ends at a deadline: then its own timer cancels every statement the
 * connection opened ({@link Statement#cancel()}: DuckDB interrupts the running query,
 * PostgreSQL's driver sends a cancel request), and every {@value #RETRY_MILLIS} ms after cancels
 * again those still inside an execute (DuckDB's cancel misses a statement that has not quite
 * begun); no statement executes after the deadline. What the cancel fails is reported as
 * SQLSTATE 57014, as PostgreSQL reports its own {@code statement_timeout}. The connection stays
 * usable (a rollback, a close).
 *
 * <p>DuckDB needs this for API reads: it has no server-side statement timeout, and its driver's
 * {@code setQueryTimeout} counts whole seconds per execute. Exports use it on both stores for
 * their maximum duration. Not a timed interrupt of the whole DuckDB connection instead: the
 * driver (1.5.5.1) keeps {@code DuckDBConnection.interrupt()} package-private, and an interrupt
 * that comes before a statement begins is lost (that statement runs to its end), so the
 * statements must be known and cancelled again, as here.
 */
final class TimedRead implements InvocationHandler {

  /** PostgreSQL's query_canceled, which {@link DecisionReader} answers as {@code query_timeout}. */
  static final String CANCELED = "57014";
  static final long RETRY_MILLIS = 20;

  /** One thread; a deadline cancelled on close leaves the queue at once (with its statements). */
  private static final ScheduledThreadPoolExecutor TIMER = DaemonTimer.named("audit-read-deadline");

  private final Object target;
  private final Deadline deadline;

  private TimedRead(Object target, Deadline deadline) {
    this.target = target;
    this.deadline = deadline;
  }

  /**
   * For an API read: the connection ended after {@code limit}, its statements' and results'
   * failures from then on reported as 57014; unchanged when {@code limit} is zero (no bound).
   */
  static Connection of(Connection conn, Duration limit) {
    return limit.isZero() || limit.isNegative() ? conn : proxy(Connection.class, conn, new Deadline(limit, true));
  }

  /**
   * For an export: as {@link #of}, but its result set is the driver's own, since an export
   * reads millions of rows and every call through a proxy costs; the caller asks {@link
   * #expired} about a failure instead.
   */
  static Connection streaming(Connection conn, Duration limit) {
    return limit.isZero() || limit.isNegative() ? conn : proxy(Connection.class, conn, new Deadline(limit, false));
  }

  /** Whether {@code conn} is a {@link #of timed} connection whose deadline has passed. */
  static boolean expired(Connection conn) {
    return Proxy.isProxyClass(conn.getClass()) && Proxy.getInvocationHandler(conn) instanceof TimedRead read
        && read.deadline.expired;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("close") && target instanceof Connection) {
      deadline.timer.cancel(false);
    }
    boolean execute = target instanceof Statement && method.getName().startsWith("execute");
    if (execute && deadline.expired) {
      throw new SQLTimeoutException("not started: past its deadline of " + deadline.limit, CANCELED);
    }
    Object result;
    try {
      if (execute) {
        deadline.executing.add((Statement) target);
      }
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql && deadline.expired) {
        throw new SQLTimeoutException("ended at its deadline of " + deadline.limit, CANCELED, sql);
      }
      throw cause;
    } finally {
      if (execute) {
        deadline.executing.remove(target);
      }
    }
    Class<?> type = method.getReturnType();
    if (result instanceof Statement statement && Statement.class.isAssignableFrom(type) && type.isInterface()) {
      deadline.statements.add(statement);
      return proxy(type, statement, deadline);
    }
    if (result instanceof ResultSet && type == ResultSet.class && deadline.results) {
      return proxy(ResultSet.class, result, deadline);
    }
    return result;
  }

  private static <T> T proxy(Class<T> type, Object target, Deadline deadline) {
    return type.cast(Proxy.newProxyInstance(TimedRead.class.getClassLoader(), new Class<?>[] {type},
        new TimedRead(target, deadline)));
  }

  /** One connection's deadline and the statements it cancels then. */
  private static final class Deadline {
    private final Duration limit;
    private final boolean results;
    private final List<Statement> statements = new CopyOnWriteArrayList<>();
    private final Set<Statement> executing = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> timer;
    private volatile boolean expired;

    Deadline(Duration limit, boolean results) {
      this.limit = limit;
      this.results = results;
      this.timer = TIMER.scheduleWithFixedDelay(this::expire, limit.toNanos(),
          TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS), TimeUnit.NANOSECONDS);
    }

    /**
     * All statements first, then only those still executing: not every one at every tick, since
     * a PostgreSQL cancel opens a connection to the server.
     */
    private void expire() {
      boolean first = !expired;
      expired = true;
      for (Statement statement : first ? statements : List.copyOf(executing)) {
        try {
          statement.cancel();
        } catch (SQLException e) {
          // closed already: nothing runs on it
        }
      }
    }
  }
}
