package io.mcpauthz.audit.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Debian {@code chromium} driven through Debian's {@code chromedriver}, both given by
 * path so that Selenium never tries to download a browser or driver. {@code ./mcp-authz test}
 * installs the two packages when they are missing.
 */
final class Browser {

  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MCP_AUTHZ_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getenv().getOrDefault("MCP_AUTHZ_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private Browser() {
  }

  /** Starts Chromium; files it downloads land in {@code downloads}. */
  static ChromeDriver start(Path downloads) {
    for (Path required : List.of(CHROMIUM, DRIVER)) {
      if (!Files.isExecutable(required)) {
        throw new IllegalStateException(required + " is missing: the console tests need Debian's chromium and "
            + "chromium-driver (apt-get install -y chromium chromium-driver; ./mcp-authz test does this)");
      }
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1360,1000", "--force-device-scale-factor=1", "--lang=en-US", "--no-first-run",
        "--disable-extensions", "--disable-background-networking");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Browser console messages since the last call, e.g. Content-Security-Policy violations. */
  static List<String> consoleMessages(WebDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
  }
}
