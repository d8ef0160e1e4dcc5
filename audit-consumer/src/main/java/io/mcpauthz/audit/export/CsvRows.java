package io.mcpauthz.audit.export;

import io.mcpauthz.audit.store.DecisionRow;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** RFC 4180 CSV of the indexed columns; reason codes joined with {@code ;}. */
final class CsvRows {

  static final List<String> COLUMNS = List.of("decision_id", "time", "decision", "status", "action_class",
      "subject", "client_id", "server", "tool", "mcp_method", "session_id", "reasons");

  private CsvRows() {
  }

  static void header(Writer writer) throws IOException {
    writeLine(writer, COLUMNS);
  }

  static void write(Writer writer, DecisionRow row) throws IOException {
    writeLine(writer, List.of(
        row.decisionId(),
        Instant.EPOCH.plus(row.timeMicros(), ChronoUnit.MICROS).toString(),
        nullToEmpty(row.decision()),
        row.status() == null ? "" : row.status().toString(),
        nullToEmpty(row.actionClass()),
        nullToEmpty(row.subject()),
        nullToEmpty(row.clientId()),
        nullToEmpty(row.server()),
        nullToEmpty(row.tool()),
        nullToEmpty(row.mcpMethod()),
        nullToEmpty(row.sessionId()),
        String.join(";", row.reasons())));
  }

  private static void writeLine(Writer writer, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        writer.write(',');
      }
      writer.write(cell(cells.get(i)));
    }
    writer.write("\r\n");
  }

  /**
   * Quotes where needed, and defuses spreadsheet formulas: tool names and subjects come from
   * agents, so a value starting with = + - @ (after any blanks, which spreadsheets trim) gets a
   * leading apostrophe (OWASP CSV injection). A {@code ;} is quoted too: Excel in locales whose
   * list separator it is would start a new cell there.
   */
  static String cell(String value) {
    String safe = formula(value) || formula(value.stripLeading()) ? "'" + value : value;
    boolean quote = safe.indexOf(',') >= 0 || safe.indexOf(';') >= 0 || safe.indexOf('"') >= 0
        || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0;
    return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
  }

  private static boolean formula(String value) {
    return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
