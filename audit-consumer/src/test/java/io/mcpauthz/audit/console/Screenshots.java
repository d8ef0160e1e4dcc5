package io.mcpauthz.audit.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Saves PNGs of the views when {@code -Dmcp-authz.console.screenshots=<dir>} is set
 * ({@code ./mcp-authz console screenshots} sets it to docs/console/); a no-op otherwise.
 */
final class Screenshots {

  private static final String DIR = System.getProperty("mcp-authz.console.screenshots", "");

  private Screenshots() {
  }

  static void save(WebDriver driver, String name) {
    if (DIR.isBlank()) {
      return;
    }
    try {
      Path dir = Files.createDirectories(Path.of(DIR));
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Files.write(dir.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
