package io.mcpauthz.pdp.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * For tests that send many concurrent calls: on a loaded machine OPA may need longer than the
 * production 500 ms, and a timeout (503) is not what such a test is about.
 */
public class PatientOpaProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("mcp-authz.opa.timeout", "20s", "quarkus.rest-client.opa.read-timeout", "20000");
  }
}
