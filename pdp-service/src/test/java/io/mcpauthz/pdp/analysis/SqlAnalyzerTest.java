package io.mcpauthz.pdp.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlAnalyzerTest {

  static Stream<Arguments> hiddenCalls() {
    return Stream.of(
        arguments("SELECT lo_import('/etc/passwd')", "lo_import"),
        arguments("SELECT dblink_exec('host=evil', 'DROP TABLE orders')", "dblink_exec"),
        arguments("SELECT pg_terminate_backend(pid) FROM pg_stat_activity", "pg_terminate_backend"),
        arguments("SELECT * FROM orders ORDER BY pg_sleep(10)", "pg_sleep"),
        arguments("SELECT * FROM orders GROUP BY id HAVING max(pg_sleep(1)) > 0", "pg_sleep"),
        arguments("SELECT * FROM orders WHERE id IN (SELECT pg_read_file('x'))", "pg_read_file"),
        arguments("WITH t AS (SELECT lo_export(1, '/tmp/x')) SELECT * FROM t", "lo_export"),
        arguments("SELECT * FROM dblink('host=evil', 'SELECT 1')", "dblink"),
        arguments("SELECT count(*) OVER (PARTITION BY pg_backend_pid()) FROM orders", "pg_backend_pid"),
        arguments("SELECT row_number() OVER (ORDER BY id) FROM orders", "row_number"),
        arguments("SELECT pg_catalog.lo_import('/etc/passwd')", "pg_catalog.lo_import"),
        arguments("SELECT \"lo_import\"('/etc/passwd')", "lo_import"),
        arguments("SELECT \"LO_IMPORT\"('/etc/passwd')", "LO_IMPORT"),
        arguments("SELECT CASE WHEN 1 = 1 THEN set_config('a', 'b', false) END", "set_config"),
        arguments("SELECT NEXT VALUE FOR seq", "nextval"),
        arguments("SELECT * FROM orders o, LATERAL (SELECT pg_sleep(1)) x", "pg_sleep"),
        arguments("SELECT 1 UNION SELECT lo_import('x')", "lo_import"),
        arguments("VALUES (pg_sleep(1))", "pg_sleep"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hiddenCalls")
  void shouldReportEveryFunctionCalledAnywhere(String sql, String function) {
    JsonNode analysis = SqlAnalyzer.analyse(sql);
    assertThat(analysis.path("parsed").asBoolean()).as(analysis.toString()).isTrue();
    assertThat(strings(analysis, "functions")).contains(function);
  }

  @Test
  void shouldSummariseAReadOnlyQuery() {
    JsonNode analysis = SqlAnalyzer.analyse(
        "WITH recent AS (SELECT * FROM shop.orders o WHERE o.total > 10) SELECT count(*), lower(r.name) FROM recent r;");
    assertThat(analysis.toString()).isEqualTo("{\"parsed\":true,\"count\":1,\"statements\":[\"select\"],"
        + "\"functions\":[\"count\",\"lower\"],\"tables\":[\"shop.orders\"]}");
  }

  @Test
  void shouldNameATableFunctionOnce() {
    assertThat(SqlAnalyzer.analyse("SELECT * FROM generate_series(1, 10)").path("functions").toString())
        .isEqualTo("[\"generate_series\"]");
  }

  static Stream<Arguments> statementKinds() {
    return Stream.of(
        arguments("SELECT 1; DROP TABLE orders", List.of("drop", "select"), 2),
        arguments("WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone", List.of("delete", "select"), 1),
        arguments("SELECT * INTO backup FROM orders", List.of("select", "select_into"), 1),
        arguments("SELECT * FROM orders FOR UPDATE", List.of("select", "select_locking"), 1),
        arguments("SELECT * FROM orders FOR SHARE", List.of("select", "select_locking"), 1),
        arguments("EXPLAIN SELECT * FROM orders", List.of("explain", "select"), 1),
        arguments("INSERT INTO audit SELECT * FROM orders", List.of("insert", "select"), 1),
        arguments("DROP TABLE orders", List.of("drop"), 1),
        arguments("CREATE TABLE t (x int)", List.of("create_table"), 1),
        arguments("CALL refresh_all()", List.of("execute"), 1),
        arguments("SHOW TABLES", List.of("show_tables"), 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statementKinds")
  void shouldReportEveryStatementKind(String sql, List<String> kinds, int count) {
    JsonNode analysis = SqlAnalyzer.analyse(sql);
    assertThat(analysis.path("parsed").asBoolean()).as(analysis.toString()).isTrue();
    assertThat(strings(analysis, "statements")).containsExactlyInAnyOrderElementsOf(kinds);
    assertThat(analysis.path("count").asInt()).isEqualTo(count);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        arguments("", "empty"),
        arguments("   ", "empty"),
        arguments("Hello world", "not_sql"),
        arguments("42", "not_sql"),
        arguments("Select a date for our meeting", "syntax"),
        arguments("SELECT FROM WHERE", "syntax"),
        arguments("SELECT 1--pg_sleep(5)", "ambiguous"),
        arguments("SELECT a#'\n, sleep(5) -- '", "ambiguous"),
        arguments("SELECT 1 /*!, sleep(5) */", "ambiguous"),
        arguments("SELECT 1 /* /* */ , '*/ , pg_sleep(5) --'", "ambiguous"),
        arguments("SELECT $$ ' $$, pg_sleep(5) -- '", "ambiguous"),
        arguments("SELECT 'a\\' , sleep(5) , '", "ambiguous"),
        arguments("SELECT [x'] , xp_cmdshell('dir') -- ']", "ambiguous"),
        arguments("SELECT 1 // , pg_sleep(5)", "ambiguous"),
        arguments("SELECT 1 -- \r, 'x\n , sleep(5) -- '", "ambiguous"),
        arguments("SELECT 1 --\u2003sleep(5)", "ambiguous"),
        arguments("SELECT 'unterminated", "ambiguous"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("refused")
  void shouldRefuseWhatItCannotReadOneWayOnly(String sql, String error) {
    assertThat(SqlAnalyzer.analyse(sql).toString()).isEqualTo("{\"parsed\":false,\"error\":\"" + error + "\"}");
  }

  @Test
  void shouldAcceptCommentsAndQuotesEveryDialectReadsAlike() {
    JsonNode analysis = SqlAnalyzer.analyse("-- total\nSELECT 'it''s', \"Name\" /* c */ FROM orders WHERE id = $1");
    assertThat(analysis.path("parsed").asBoolean()).as(analysis.toString()).isTrue();
  }

  @Test
  void shouldRefuseOverlongAndDeeplyNestedText() {
    assertThat(SqlAnalyzer.analyse("SELECT " + "1,".repeat(SqlAnalyzer.MAX_LENGTH) + "1").path("error").asText())
        .isEqualTo("too_long");
    String nested = "SELECT " + "(".repeat(SqlAnalyzer.MAX_NESTING + 1) + "1" + ")".repeat(SqlAnalyzer.MAX_NESTING + 1);
    assertThat(SqlAnalyzer.analyse(nested).path("error").asText()).isEqualTo("too_deep");
  }

  private static List<String> strings(JsonNode analysis, String field) {
    List<String> values = new ArrayList<>();
    analysis.path(field).forEach(v -> values.add(v.asText()));
    return values;
  }
}
