package io.mcpauthz.audit.console;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What an analyst does on the console's pages, with explicit waits for what they would see. */
final class ConsolePage {

  final ChromeDriver driver;
  final WebDriverWait wait;

  ConsolePage(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
  }

  void signIn(String token) {
    signInWith(token);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    driver.executeScript("location.hash = '#/decisions'");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("explorer-title")));
    wait.until(d -> !rows().isEmpty());
  }

  void signInWith(String token) {
    WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    driver.executeScript("arguments[0].value = arguments[1]", field, token);
    click(By.id("sign-in"));
  }

  String signInError() {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    return wait.until(d -> {
      String text = d.findElement(By.id("signin-error")).getText();
      return text.isBlank() ? null : text;
    });
  }

  List<WebElement> rows() {
    return driver.findElements(By.cssSelector("table.decisions tbody tr"));
  }

  List<String> column(int index) {
    return rows().stream().map(r -> r.findElements(By.tagName("td")).get(index).getText()).toList();
  }

  void type(String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }
}
