/**
 * Step 2: the Kafka consumer thread. Polls decision events, hands each batch to the store and
 * commits offsets only afterwards (at-least-once); bad records are counted and skipped.
 */
package io.mcpauthz.audit.ingest;
