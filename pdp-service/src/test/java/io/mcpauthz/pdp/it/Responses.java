package io.mcpauthz.pdp.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads what a CheckResponse tells Envoy. */
final class Responses {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Responses() {}

  static Map<String, String> headers(List<HeaderValueOption> options) {
    return options.stream().collect(Collectors.toMap(o -> o.getHeader().getKey(), o -> o.getHeader().getValue()));
  }

  static JsonNode deniedBody(CheckResponse response) {
    try {
      return MAPPER.readTree(response.getDeniedResponse().getBody());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String decisionId(CheckResponse response) {
    return response.getDynamicMetadata().getFieldsMap().get("decision_id").getStringValue();
  }
}
