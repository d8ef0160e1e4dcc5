/**
 * Step 2b: the SIEM topics. Each enabled projection (OCSF, ECS) reads the decisions topic in a
 * consumer group of its own, independent of indexing, and produces every event projected by
 * {@code siem} to its own topic, keyed like the event, committing offsets only after the batch
 * is acknowledged (at-least-once; the decision id in each record lets a SIEM drop redeliveries).
 */
package io.mcpauthz.audit.projection;
