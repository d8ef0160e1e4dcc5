/**
 * Last step of the request path: one decision event per judged message, built (arguments
 * scrubbed of secrets, size fitted to the cap) and appended to the on-disk spool before the
 * verdict is returned; the spool ({@code event.spool}) forwards it to Kafka.
 */
package io.mcpauthz.pdp.event;
