/** Step 4b: streamed exports (NDJSON, CSV) of matching decisions for SIEMs and spreadsheets. */
package io.mcpauthz.audit.export;
