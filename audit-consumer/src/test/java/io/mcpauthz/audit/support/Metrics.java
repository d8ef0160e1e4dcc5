package io.mcpauthz.audit.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Samples from the Prometheus text on /q/metrics. */
public final class Metrics {

  private Metrics() {
  }

  /** A sample of the app under test (the first whose labels contain {@code label}); 0 while unregistered. */
  public static double value(String name, String label) {
    return value(new String(given().when().get("/q/metrics").then().statusCode(200).extract().asByteArray(),
        StandardCharsets.UTF_8), name, label);
  }

  /** The same, from scraped text. */
  public static double value(String text, String name, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    while (m.find()) {
      if (m.group(1) == null ? label.isEmpty() : m.group(1).contains(label)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }
}
