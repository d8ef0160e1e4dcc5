package io.mcpauthz.pdp.analysis;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DaemonThreads;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

/**
 * Parses a SQL argument with JSqlParser and summarises it for the policy:
 * {@code {"parsed": true, "count": 1, "statements": ["select"], "functions": ["count"],
 * "tables": ["orders"]}}, or {@code {"parsed": false, "error": "syntax"}}. Anything that cannot
 * be parsed within the bounds is unparsed, and a policy denies unparsed SQL.
 */
final class SqlAnalyzer {

  static final int MAX_LENGTH = 16 * 1024;
  static final int MAX_NESTING = 32;
  static final long TIMEOUT_MILLIS = 250;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** Interrupts a parse that runs too long; the parse itself runs on the caller's thread. */
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(task -> DaemonThreads.named("sql-parse-watchdog", task));

  private SqlAnalyzer() {}

  static ObjectNode analyse(String sql) {
    String refused = precheck(sql);
    return refused != null ? unparsed(refused) : parseChecked(sql);
  }

  /** Null when the text is worth parsing; else why it is refused without a parse. */
  static String precheck(String sql) {
    if (sql.length() > MAX_LENGTH) {
      return "too_long";
    }
    if (sql.isBlank()) {
      return "empty";
    }
    String problem = SqlLexicalCheck.problem(sql);
    if (problem != null) {
      return problem;
    }
    return CCJSqlParserUtil.getNestingDepth(sql) > MAX_NESTING ? "too_deep" : null;
  }

  /**
   * Parses text that passed {@link #precheck}, in one attempt: JSqlParser's complex mode, which
   * measured faster than its simple mode on ordinary queries, up to the nesting depth where
   * JSqlParser itself stops trusting it; simple mode beyond.
   */
  static ObjectNode parseChecked(String sql) {
    boolean complex = CCJSqlParserUtil.getNestingDepth(sql) <= CCJSqlParserUtil.ALLOWED_NESTING_DEPTH;
    try {
      return summary(parse(sql, complex));
    } catch (Exception | StackOverflowError e) {
      return unparsed(e instanceof TimeoutException ? "timeout" : "syntax");
    }
  }

  static ObjectNode unparsed(String error) {
    return JSON.objectNode().put("parsed", false).put("error", error);
  }

  private static Statements parse(String sql, boolean complex) throws Exception {
    CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex);
    ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> parser.interrupted = true, TIMEOUT_MILLIS,
        TimeUnit.MILLISECONDS);
    try {
      Statements statements = parser.Statements();
      if (parser.interrupted) {
        throw new TimeoutException();
      }
      return statements;
    } catch (Exception e) {
      throw parser.interrupted ? new TimeoutException() : e;
    } finally {
      alarm.cancel(false);
    }
  }

  private static ObjectNode summary(Statements statements) {
    if (statements == null || statements.isEmpty()) {
      return unparsed("empty");
    }
    SqlTreeWalker walker = new SqlTreeWalker();
    try {
      for (Statement statement : statements) {
        walker.walk(statement);
      }
    } catch (SqlTreeWalker.Refused e) {
      return unparsed(e.code);
    } catch (RuntimeException e) { // a syntax tree the walk cannot read is judged unparsed, never a failed request
      return unparsed("unsupported");
    }
    ObjectNode node = JSON.objectNode().put("parsed", true).put("count", statements.size());
    strings(node, "statements", walker.statements);
    strings(node, "functions", walker.functions);
    strings(node, "tables", walker.tables);
    return node;
  }

  private static void strings(ObjectNode node, String field, Collection<String> values) {
    values.forEach(node.putArray(field)::add);
  }

  private static final class TimeoutException extends Exception {
    TimeoutException() {
      super(null, null, false, false);
    }
  }
}
