package io.mcpauthz.audit.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/python/ocsf_validate.py: the official OCSF schema (PyPI ocsf-json-schema) and
 * jsonschema, in the venv the launcher installs under .tools/siem/venv.
 */
public final class OcsfValidator {

  /** The validator's verdict: exit code and everything it printed. */
  public record Result(int exitCode, String output) {
  }

  private OcsfValidator() {
  }

  public static Result validate(String ocsfVersion, List<? extends JsonNode> events) throws IOException,
      InterruptedException {
    Path python = Repo.tool("siem/venv/bin/python");
    Path script = Repo.root().resolve("audit-consumer/src/test/python/ocsf_validate.py");
    Process process = new ProcessBuilder(python.toString(), script.toString(), ocsfVersion)
        .redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      for (JsonNode event : events) {
        in.write((event.toString() + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("ocsf_validate.py did not finish: " + output);
    }
    return new Result(process.exitValue(), output);
  }
}
