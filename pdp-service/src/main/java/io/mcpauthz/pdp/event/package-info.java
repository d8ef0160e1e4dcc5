/**
 * Last step of the request path: one decision event per judged message, built off the path
 * (arguments scrubbed of secrets, size fitted to the cap) and published to Kafka.
 */
package io.mcpauthz.pdp.event;
