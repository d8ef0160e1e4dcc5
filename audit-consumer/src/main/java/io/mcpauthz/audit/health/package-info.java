/** Readiness: the store answers and the consumer has its partitions. */
package io.mcpauthz.audit.health;
