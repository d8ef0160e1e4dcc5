/**
 * Step 3: the embedded DuckDB store. Writes are idempotent by decision_id; reads are built by
 * {@code DecisionQueries} from whitelisted SQL and bound parameters only.
 */
package io.mcpauthz.audit.store;
