package io.mcpauthz.audit.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An event JSON object written out verbatim, as the PDP published it. Safe to embed raw: the
 * ingest parser only stores text that is exactly one valid JSON object.
 */
public record RawEvent(@JsonValue @JsonRawValue String json) {
}
