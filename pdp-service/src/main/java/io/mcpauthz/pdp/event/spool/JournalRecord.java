package io.mcpauthz.pdp.event.spool;

/**
 * One event as the journal keeps it: the Kafka key and value exactly as first built.
 *
 * @param position   where the record starts in the journal (a byte offset over all segments)
 * @param next       where the record after it starts
 * @param appendedAt when it was appended (epoch millis), for the backlog's age
 * @param key        the Kafka key (the MCP session id, else the subject); null when neither exists
 */
public record JournalRecord(long position, long next, long appendedAt, String key, byte[] value) {}
