package io.mcpauthz.audit.console;

import static io.mcpauthz.audit.support.Api.auditor;
import static io.mcpauthz.audit.support.Api.awaitCount;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.Keys;
import io.mcpauthz.audit.support.TestEvent;
import io.mcpauthz.audit.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The analyst console in a real headless Chromium, against the real app, broker and store. */
@QuarkusTest
@TestProfile(OwnStoreProfile.class)
@WithTestResource(AuditTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

  private final ConsoleData data = new ConsoleData();
  private Path downloads;
  private ChromeDriver driver;
  private ConsolePage page;
  private WebDriverWait wait;

  @TestHTTPResource("/console/")
  URL console;

  @BeforeAll
  void start() throws IOException {
    try (EventProducer producer = new EventProducer()) {
      data.events.forEach(producer::send);
    }
    downloads = Files.createTempDirectory("console-downloads");
    driver = Browser.start(downloads);
    page = new ConsolePage(driver);
    wait = page.wait;
  }

  @BeforeEach
  void awaitIndexed() {
    awaitCount(Map.of("limit", "100"), data.events.size());
    driver.get(console.toString());
    driver.executeScript("sessionStorage.clear()");
    driver.navigate().refresh();
  }

  @AfterEach
  void noPolicyViolations() {
    assertThat(Browser.consoleMessages(driver)).noneMatch(m -> m.contains("Content Security Policy"));
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void shouldFindDeniedCallItsReasonAndSessionAfterSignIn() {
    page.signIn(Tokens.auditor());
    assertThat(page.rows()).hasSize(data.events.size());
    Screenshots.save(driver, "explorer");

    page.type("f-subject", "alice");
    page.click(By.id("search"));
    wait.until(d -> page.column(6).size() == 5);
    assertThat(page.column(3)).containsOnly("alice");

    page.click(By.id("quick-deny"));
    wait.until(d -> page.rows().size() == 1);
    assertThat(page.column(6)).containsExactly("delete_repo");
    page.click(By.id("export-csv"));
    Path csv = downloads.resolve("decisions.csv");
    wait.until(d -> Files.exists(csv) && csvLines(csv).size() == 2);
    assertThat(csvLines(csv).get(1)).startsWith(data.deniedDelete.id() + ",");
    page.click(By.cssSelector("tr[data-decision-id='" + data.deniedDelete.id() + "'] a.open"));

    WebElement reasons = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reasons")));
    assertThat(reasons.getText()).contains("role_not_granted", "denied: role_not_granted");
    assertThat(driver.findElement(By.id("what")).findElement(By.xpath("..")).getText()).contains(ConsoleData.MARKUP);
    assertThat(driver.executeScript("return window.pwned === undefined")).isEqualTo(true);
    assertThat(driver.findElement(By.id("where")).findElement(By.xpath("..")).getText())
        .containsIgnoringCase("session facts used by the policy").contains("tainted_by", data.tainting.id());
    Screenshots.save(driver, "decision");

    page.click(By.linkText("Session timeline"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("timeline")));
    List<WebElement> calls = driver.findElements(By.cssSelector("#timeline tbody tr"));
    assertThat(calls).extracting(r -> r.findElements(By.tagName("td")).get(3).getText())
        .containsExactly("initialize", "tools/list", "tools/call", "tools/call");
    assertThat(calls.get(3).getAttribute("class")).contains("is-deny");
    assertThat(calls.get(2).getText()).contains("tainted the session");
    assertThat(calls.get(3).getText()).doesNotContain("tainted");
    assertThat(calls.get(3).getAttribute("data-decision-id")).isEqualTo(data.deniedDelete.id());
    Screenshots.save(driver, "session");

    page.click(By.cssSelector("#session-summary a"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sessions")));
    assertThat(driver.findElements(By.cssSelector("#sessions tbody tr a")))
        .extracting(WebElement::getText).containsExactly(data.aliceLater, data.aliceSession);
    Screenshots.save(driver, "subject");
  }

  @Test
  void shouldDrawTheCountsTheStatsApiReturns() {
    page.signIn(Tokens.auditor());
    driver.executeScript("location.hash = '#/overview?range=24h'");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("chart-time")));
    Map<String, Integer> drawn = driver.findElements(By.cssSelector("#chart-time rect")).stream()
        .collect(Collectors.groupingBy(r -> r.getAttribute("data-decision"),
            Collectors.summingInt(r -> Integer.parseInt(r.getAttribute("data-count")))));
    assertThat(drawn).isEqualTo(apiTotals("decision"));
    assertThat(drawn).containsEntry("deny", (int) data.count("deny")).containsEntry("allow", (int) data.count("allow"));
    assertThat(driver.findElement(By.id("kpi-deny")).getText()).isEqualTo(String.valueOf(data.count("deny")));

    Map<String, Integer> tools = driver.findElements(By.cssSelector("#top-tools rect")).stream()
        .collect(Collectors.toMap(r -> r.getAttribute("data-label"),
            r -> Integer.parseInt(r.getAttribute("data-count"))));
    assertThat(tools).isEqualTo(apiTotals("tool"));
    Screenshots.save(driver, "overview");
  }

  @Test
  void shouldSendExpiredOrRejectedTokenBackToSignIn() {
    Screenshots.save(driver, "sign-in");
    page.signInWith(Tokens.withRoles("dev"));
    assertThat(page.signInError()).contains("lacks the auditor role");

    page.signIn(Tokens.auditor());
    driver.executeScript("sessionStorage.setItem('mcp-authz.console.token', arguments[0])", Tokens.expired());
    driver.executeScript("location.hash = '#/overview'");
    assertThat(page.signInError()).contains("expired");
    assertThat(driver.executeScript("return sessionStorage.length")).isEqualTo(0L);

    page.signIn(Tokens.auditor());
    String forged = Tokens.signedBy(Keys.generate().getPrivate());
    driver.executeScript("sessionStorage.setItem('mcp-authz.console.token', arguments[0])", forged);
    page.click(By.cssSelector("a[data-nav='overview']"));
    assertThat(page.signInError()).contains("expired or was rejected");
    assertThat(driver.executeScript("return localStorage.length + document.cookie.length")).isEqualTo(0L);
  }

  @Test
  @Order(Integer.MAX_VALUE) // adds a decision that the other tests do not expect
  void shouldFollowNewDecisionsLive() {
    page.signIn(Tokens.auditor());
    page.click(By.id("live"));
    TestEvent late = TestEvent.at(Instant.now()).subject("alice").tool("merge_pr");
    try (EventProducer producer = new EventProducer()) {
      producer.send(late);
    }
    WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("tr.fresh[data-decision-id='" + late.id() + "']")));
    assertThat(row.getText()).contains("merge_pr");
    assertThat(page.rows().get(0).getAttribute("data-decision-id")).isEqualTo(late.id());
  }

  @Test
  void shouldEnforceThePolicyInTheBrowser() {
    driver.executeScript("const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        + " document.body.append(s);");
    assertThat(driver.executeScript("return window.injected === undefined")).isEqualTo(true);
    assertThat(Browser.consoleMessages(driver)).anyMatch(m -> m.contains("Content Security Policy"));
  }

  private Map<String, Integer> apiTotals(String groupBy) {
    List<Map<String, Object>> items = auditor().queryParam("group_by", groupBy).queryParam("bucket", "7d")
        .when().get("/api/v1/stats").then().statusCode(200).extract().jsonPath().getList("items");
    return items.stream().collect(Collectors.groupingBy(
        i -> String.valueOf(Objects.requireNonNullElse(i.get(groupBy), "(none)")), Collectors.summingInt(i -> ((Number) i.get("count")).intValue())));
  }

  private static List<String> csvLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

}
