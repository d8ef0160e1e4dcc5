package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes decisions whose event time is older than {@code mcp-authz.audit.retention-days}, at
 * startup and then every {@code retention-interval}, on both backends. Several replicas sweeping
 * a shared PostgreSQL index at once is harmless: the deletes are idempotent.
 */
@ApplicationScoped
public class RetentionSweep {

  private static final Logger LOGGER = Logger.getLogger(RetentionSweep.class);

  private final Database db;
  private final int days;
  private final Duration interval;
  private ScheduledExecutorService timer;

  @Inject
  public RetentionSweep(Database db, AuditConfig config) {
    this(db, config.retentionDays(), config.retentionInterval());
  }

  public RetentionSweep(Database db, int days, Duration interval) {
    this.db = db;
    this.days = days;
    this.interval = interval;
  }

  void start(@Observes StartupEvent event) {
    if (days <= 0) {
      LOGGER.info("retention off: decisions are kept until deleted by hand");
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "audit-retention"));
    timer.scheduleWithFixedDelay(this::sweepQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    LOGGER.infof("retention on days=%d interval=%s", days, interval);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Deletes what is older than {@code days} before {@code now}; returns how many. */
  public int sweep(Instant now) throws SQLException {
    Instant cutoff = now.minus(Duration.ofDays(days));
    int deleted = db.deleteBefore(DecisionWriter.micros(cutoff));
    LOGGER.infof("retention sweep deleted=%d cutoff=%s", deleted, cutoff);
    return deleted;
  }

  private void sweepQuietly() {
    try {
      sweep(Instant.now());
    } catch (SQLException | RuntimeException e) {
      LOGGER.warnf("retention sweep failed error=%s", e.getClass().getSimpleName());
    }
  }
}
