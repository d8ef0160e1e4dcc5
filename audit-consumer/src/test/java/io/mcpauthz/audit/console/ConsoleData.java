package io.mcpauthz.audit.console;

import io.mcpauthz.audit.support.TestEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A small, demo-like trail within the last few hours: alice's session with a denied
 * delete_repo (whose argument carries markup, to show it is displayed as text), bob's
 * database session, an admin denied for missing MFA, and background reads by carol.
 */
final class ConsoleData {

  static final String MARKUP = "<img src=x onerror=window.pwned=1>acme/api";

  final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  final String aliceSession = "console-alice-" + UUID.randomUUID();
  final String aliceLater = "console-alice-later-" + UUID.randomUUID();
  final String bobSession = "console-bob-" + UUID.randomUUID();
  final List<TestEvent> events = new ArrayList<>();
  final TestEvent tainting;
  final TestEvent deniedDelete;

  ConsoleData() {
    add(180, aliceSession, "alice", "claude-desktop", "github").method("initialize").tool(null);
    add(179, aliceSession, "alice", "claude-desktop", "github").method("tools/list").tool(null);
    tainting = add(178, aliceSession, "alice", "claude-desktop", "github").tool("create_issue")
        .argument("repo", "acme/api");
    // The shape session-aware policies give their facts is open; any value naming a decision counts.
    deniedDelete = add(177, aliceSession, "alice", "claude-desktop", "github").tool("delete_repo")
        .argument("repo", MARKUP).deny(403, "admin", "role_not_granted")
        .sessionFact("tainted_by", tainting.id());
    add(120, bobSession, "bob", "cursor", "database").tool("query").argument("sql", "SELECT * FROM orders");
    add(119, bobSession, "bob", "cursor", "database").tool("query").argument("sql", "DROP TABLE orders")
        .deny(403, "update", "sql_not_read_only");
    add(30, "console-admin-" + UUID.randomUUID(), "root-admin", "cli", "github").tool("delete_repo")
        .deny(403, "admin", "mfa_required");
    add(10, aliceLater, "alice", "claude-desktop", "github").tool("list_issues");
    for (int i = 0; i < 12; i++) {
      add(20 + i * 25, "console-carol-" + i, "carol", "ci-bot", "github").tool("list_issues");
    }
  }

  private TestEvent add(int minutesAgo, String session, String subject, String agent, String server) {
    TestEvent event = TestEvent.at(now.minus(minutesAgo, ChronoUnit.MINUTES)).session(session).subject(subject)
        .clientId(agent).server(server);
    events.add(event);
    return event;
  }

  long count(String decision) {
    return events.stream().filter(e -> e.json().contains("\"decision\":\"" + decision + "\"")).count();
  }
}
