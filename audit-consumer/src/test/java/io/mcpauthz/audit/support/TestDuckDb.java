package io.mcpauthz.audit.support;

import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.DuckDb;
import io.mcpauthz.audit.store.DuckDbLegacy;
import io.mcpauthz.audit.store.DuckDbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh DuckDB file per test with its writer and a reader, closed and deleted afterwards:
 * {@code @RegisterExtension final TestDuckDb store = new TestDuckDb();}.
 */
public final class TestDuckDb implements BeforeEachCallback, AfterEachCallback {

  private final Function<DuckDb, ? extends DuckDbWriter> writers;
  private final String[] before;
  private Path dir;
  private DuckDb db;
  private DuckDbWriter writer;
  private DecisionReader reader;

  public TestDuckDb() {
    this(DuckDbWriter::new);
  }

  /** With a writer of the test's own (e.g. one that refuses some events). */
  public TestDuckDb(Function<DuckDb, ? extends DuckDbWriter> writers) {
    this(writers, new String[0]);
  }

  private TestDuckDb(Function<DuckDb, ? extends DuckDbWriter> writers, String... before) {
    this.writers = writers;
    this.before = before;
  }

  /** A file created by an earlier version: primary key on decision_id, session index. */
  public static TestDuckDb legacy() {
    return new TestDuckDb(DuckDbWriter::new, DuckDbLegacy.TABLE, DuckDbLegacy.SESSION_INDEX);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("audit-store-test");
    Path file = dir.resolve("decisions.duckdb");
    if (before.length > 0) {
      try (Connection conn = new DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
          Statement statement = conn.createStatement()) {
        for (String ddl : before) {
          statement.execute(ddl);
        }
      }
    }
    db = new DuckDb(file);
    writer = writers.apply(db);
    reader = new DecisionReader(db);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    writer.close();
    db.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  public DuckDb db() {
    return db;
  }

  public DuckDbWriter writer() {
    return writer;
  }

  public DecisionReader reader() {
    return reader;
  }
}
