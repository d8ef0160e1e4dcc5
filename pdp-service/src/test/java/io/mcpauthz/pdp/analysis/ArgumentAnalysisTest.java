package io.mcpauthz.pdp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ArgumentAnalysisTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldAnalyseEveryTopLevelArgumentByType() throws IOException {
    ObjectNode analysis = ArgumentAnalysis.ofArguments(JSON.readTree(
        "{\"sql\": \"SELECT 1\", \"n\": 7, \"ok\": true, \"none\": null, \"obj\": {\"path\": \"/etc\"},"
            + " \"paths\": [\"/srv/a\", 3], \"empty\": []}"));

    assertThat(analysis.path("sql").path("sql").path("parsed").asBoolean()).isTrue();
    assertThat(analysis.path("sql").path("path").path("error").asText()).isEqualTo("not_absolute");
    assertThat(analysis.path("sql").path("uri").path("error").asText()).isEqualTo("not_a_uri");
    assertThat(analysis.path("n").toString()).isEqualTo("{\"type\":\"number\"}");
    assertThat(analysis.path("ok").toString()).isEqualTo("{\"type\":\"boolean\"}");
    assertThat(analysis.path("none").toString()).isEqualTo("{\"type\":\"null\"}");
    assertThat(analysis.path("obj").toString()).isEqualTo("{\"type\":\"object\"}");
    assertThat(analysis.path("paths").path("items").get(0).path("path").path("normalised").asText()).isEqualTo("/srv/a");
    assertThat(analysis.path("paths").path("items").get(1).toString()).isEqualTo("{\"type\":\"number\"}");
    assertThat(analysis.path("paths").path("truncated").asBoolean()).isFalse();
    assertThat(analysis.path("empty").toString()).isEqualTo("{\"type\":\"array\",\"items\":[],\"truncated\":false}");
  }

  @Test
  void shouldNotAnalyseArraysInsideArrays() throws IOException {
    ObjectNode analysis = ArgumentAnalysis.ofArguments(JSON.readTree("{\"paths\": [[\"/srv/a\"]]}"));
    assertThat(analysis.path("paths").path("items").get(0).toString()).isEqualTo("{\"type\":\"array\"}");
  }

  @Test
  void shouldBoundTheWorkPerMessage() throws IOException {
    ObjectNode many = JSON.createObjectNode();
    for (int i = 0; i < ArgumentAnalysis.MAX_ARGUMENTS + 5; i++) {
      many.put("q" + i, "SELECT " + i);
    }
    ObjectNode analysis = ArgumentAnalysis.ofArguments(many);

    assertThat(analysis.size()).isEqualTo(ArgumentAnalysis.MAX_ARGUMENTS);
    long parsed = Stream.iterate(0, i -> i + 1).limit(analysis.size())
        .filter(i -> analysis.path("q" + i).path("sql").path("parsed").asBoolean()).count();
    assertThat(parsed).isEqualTo(ArgumentAnalysis.MAX_SQL_PARSES);
    assertThat(analysis.path("q" + ArgumentAnalysis.MAX_SQL_PARSES).path("sql").path("error").asText())
        .isEqualTo("budget_exhausted");

    ObjectNode list = JSON.createObjectNode();
    list.putArray("paths").addAll(Collections.nCopies(ArgumentAnalysis.MAX_ITEMS + 1, JSON.getNodeFactory().textNode("/a")));
    JsonNode paths = ArgumentAnalysis.ofArguments(list).path("paths");
    assertThat(paths.path("items").size()).isEqualTo(ArgumentAnalysis.MAX_ITEMS);
    assertThat(paths.path("truncated").asBoolean()).isTrue();
  }

  @Test
  void shouldNotSpendTheParseBudgetOnTextThatIsNotSql() throws IOException {
    ObjectNode prose = JSON.createObjectNode();
    for (int i = 0; i < ArgumentAnalysis.MAX_SQL_PARSES + 2; i++) {
      prose.put("p" + i, "hello " + i);
    }
    prose.put("sql", "SELECT 1");
    assertThat(ArgumentAnalysis.ofArguments(prose).path("sql").path("sql").path("parsed").asBoolean()).isTrue();
  }

  @Test
  void shouldAnalyseAResourceUri() {
    assertThat(ArgumentAnalysis.ofResourceUri("file:///srv/data/..%2f..%2fetc%2fpasswd").path("uri").path("path")
        .path("error").asText()).isEqualTo("encoded_separator");
  }
}
