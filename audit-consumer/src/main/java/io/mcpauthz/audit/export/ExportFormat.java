package io.mcpauthz.audit.export;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.siem.EcsDocument;
import io.mcpauthz.audit.siem.OcsfApiActivity;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.DecisionReader.ExportEnd;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Export formats: NDJSON (the events verbatim, one per line), CSV (the indexed columns), and
 * NDJSON of the SIEM projections OCSF (API Activity) and ECS.
 */
public enum ExportFormat {
  NDJSON("ndjson", "application/x-ndjson", "decisions.ndjson"),
  CSV("csv", "text/csv; charset=utf-8", "decisions.csv"),
  OCSF("ocsf", "application/x-ndjson", "decisions.ocsf.ndjson"),
  ECS("ecs", "application/x-ndjson", "decisions.ecs.ndjson");

  private final String name;
  private final String mediaType;
  private final String fileName;

  ExportFormat(String name, String mediaType, String fileName) {
    this.name = name;
    this.mediaType = mediaType;
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }

  public String mediaType() {
    return mediaType;
  }

  /** Null (absent) means NDJSON. */
  public static ExportFormat parse(String value) {
    if (value == null) {
      return NDJSON;
    }
    for (ExportFormat format : values()) {
      if (format.name.equals(value)) {
        return format;
      }
    }
    throw new AuditException(ErrorCode.PARAMETER_INVALID, "format must be ndjson, csv, ocsf or ecs");
  }

  /**
   * Streams every matching decision to {@code out}, row by row, for at most {@code maxDuration}
   * (zero: no bound), as an export by {@code subject}; an export cut there ends with a {@link
   * TruncationMarker}.
   */
  public void write(DecisionReader reader, String subject, DecisionFilter filter, Duration maxDuration,
      OutputStream out) throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    ExportEnd end = switch (this) {
      case NDJSON -> reader.export(subject, filter, maxDuration, row -> NdjsonLine.write(writer, row));
      case CSV -> {
        // buffered, not sent: a refused export (store_busy) still gets its plain 503
        CsvRows.header(writer);
        yield reader.export(subject, filter, maxDuration, row -> CsvRows.write(writer, row));
      }
      case OCSF ->
          reader.export(subject, filter, maxDuration, row -> NdjsonLine.project(writer, row, OcsfApiActivity::of));
      case ECS -> reader.export(subject, filter, maxDuration, row -> NdjsonLine.project(writer, row, EcsDocument::of));
    };
    if (!end.complete()) {
      if (this == CSV) {
        TruncationMarker.csv(writer, end, maxDuration);
      } else {
        TruncationMarker.ndjson(writer, end, maxDuration);
      }
    }
    writer.flush();
  }
}
