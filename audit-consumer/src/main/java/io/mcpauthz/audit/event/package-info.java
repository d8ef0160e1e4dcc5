/**
 * Step 1 of the audit path: a Kafka record value → a checked {@code DecisionEvent}, following
 * the documented {@code mcp-authz.decision/v1} JSON schema (not PDP classes).
 */
package io.mcpauthz.audit.event;
