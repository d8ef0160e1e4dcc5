/**
 * Audit consumer: Kafka decision events → {@code event} (schema check) → {@code ingest}
 * (consumer thread, at-least-once) → {@code store} (DuckDB) → {@code api} / {@code export}
 * (query API for SOC analysts). Depends on the event's JSON schema only, never on PDP classes.
 */
package io.mcpauthz.audit;
