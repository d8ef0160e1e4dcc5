/**
 * Step 4c: the decision event projected into SIEM-native schemas, OCSF 1.8.0 API Activity (class
 * 6003) and ECS 9.4, for exports and pipelines that should need no custom parsing. Pure
 * functions of the event JSON; the event's own schema stays the source of truth.
 */
package io.mcpauthz.audit.siem;
