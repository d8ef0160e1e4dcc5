/**
 * The decision spool: an append-only journal on disk between the decision path and Kafka, and
 * the one forwarder that replays it to the broker in journal order (docs/events.md, "Delivery").
 */
package io.mcpauthz.pdp.event.spool;
