package io.mcpauthz.audit.export;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Export formats: NDJSON (the events verbatim, one per line) or CSV (the indexed columns). */
public enum ExportFormat {
    NDJSON("ndjson", "application/x-ndjson"),
    CSV("csv", "text/csv; charset=utf-8");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
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
            if (format.extension.equals(value)) {
                return format;
            }
        }
        throw new AuditException(ErrorCode.PARAMETER_INVALID, "format must be ndjson or csv");
    }

    /** Streams every matching decision to {@code out}, row by row. */
    public void write(DecisionReader reader, DecisionFilter filter, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        if (this == NDJSON) {
            reader.export(filter, row -> NdjsonLine.write(writer, row));
        } else {
            CsvRows.header(writer);
            reader.export(filter, row -> CsvRows.write(writer, row));
        }
        writer.flush();
    }
}
