package io.mcpauthz.audit.console;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A profile of its own makes Quarkus start a separate app, and with it AuditTestResource's fresh
 * topic and store: the browser tests then see exactly the events they seeded, whichever other
 * test classes ran in the same JVM before them.
 */
public class OwnStoreProfile implements QuarkusTestProfile {
}
