package io.mcpauthz.audit.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.audit.store.DecisionReader.ExportEnd;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The last line of an export cut at {@code mcp-authz.audit.export.max-duration}. The status and
 * headers went out with the first row and HTTP/1.1 trailers are not available to the client of
 * a plain download, so the body itself says it is incomplete: a line that is no event (NDJSON,
 * OCSF, ECS) or no row (CSV), naming how many rows came and the time of the last one (exports
 * are newest first, so the rest is at or before it: export again with {@code to} there).
 */
final class TruncationMarker {

  static final String KEY = "export_truncated";
  static final String CSV_PREFIX = "# export truncated";

  private TruncationMarker() {
  }

  static void ndjson(Writer writer, ExportEnd end, Duration maxDuration) throws IOException {
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    ObjectNode marker = line.putObject(KEY).put("reason", "max_duration").put("max_duration", maxDuration.toString())
        .put("rows", end.rows());
    if (end.lastTimeMicros() != null) {
      marker.put("last_time", time(end.lastTimeMicros()));
    }
    writer.write(line.toString());
    writer.write('\n');
  }

  static void csv(Writer writer, ExportEnd end, Duration maxDuration) throws IOException {
    String text = CSV_PREFIX + ": max-duration " + maxDuration + " reached after " + end.rows() + " rows"
        + (end.lastTimeMicros() == null ? "" : " (the rest is at or before " + time(end.lastTimeMicros()) + ")");
    writer.write(CsvRows.cell(text));
    writer.write("\r\n");
  }

  private static String time(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString();
  }
}
