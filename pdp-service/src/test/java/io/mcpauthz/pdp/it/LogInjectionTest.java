package io.mcpauthz.pdp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.mcpauthz.pdp.decision.DecisionService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request values reach the decision log line escaped: a CR/LF in a tool name cannot forge a line. */
@QuarkusTest
@WithTestResource(RealStackResource.class)
class LogInjectionTest {

  private static final String FORGED = "decision decision_id=forged decision=allow status=200";

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void captureDecisionLog() {
    Logger.getLogger(DecisionService.class.getName()).addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    Logger.getLogger(DecisionService.class.getName()).removeHandler(capture);
  }

  @Test
  void shouldEscapeACrLfToolNameInTheDecisionLogLine() {
    CheckResponse response = EnvoyCheck.toolCall(41, "create_issue\\r\\n" + FORGED, "{}")
        .bearer(TestKeys.token("alice", "dev")).send();
    String decisionId = Responses.decisionId(response);

    String line = lines.stream().filter(l -> l.contains("decision_id=" + decisionId)).findFirst()
        .orElseThrow(() -> new AssertionError("no decision log line for " + decisionId + " in " + lines));
    assertThat(line).doesNotContain("\r", "\n");
    assertThat(line).contains("tool=\"create_issue\\r\\n" + FORGED + "\"");
    assertThat(lines).noneMatch(l -> l.startsWith(FORGED));
  }

  @Test
  void shouldEscapeAHostileServerName() {
    CheckResponse response = EnvoyCheck.toolCall(42, "create_issue", "{}").server("github\nforged=1")
        .bearer(TestKeys.token("alice", "dev")).send();
    String decisionId = Responses.decisionId(response);

    assertThat(lines).filteredOn(l -> l.contains("decision_id=" + decisionId)).singleElement()
        .satisfies(line -> assertThat(line).contains("server=\"github\\nforged=1\"").doesNotContain("\n"));
  }
}
