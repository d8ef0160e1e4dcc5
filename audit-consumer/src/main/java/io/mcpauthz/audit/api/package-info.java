/**
 * Step 4: the audit query API ({@code /api/v1/*}, role {@code auditor}). Parameters are parsed
 * here, queries run in {@code store}, and every error becomes a response in {@code ErrorMapper}.
 */
package io.mcpauthz.audit.api;
