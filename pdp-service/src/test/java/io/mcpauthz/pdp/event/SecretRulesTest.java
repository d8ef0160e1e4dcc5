package io.mcpauthz.pdp.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SecretRulesTest {

  @Test
  void shouldLoadEveryGitleaksRuleWithARegexPlusOurs() {
    List<SecretRule> rules = SecretRules.load();

    // gitleaks v8.30.1 has 222 rules, one of them (a file-name rule) without a regex.
    assertThat(rules).hasSize(221 + 4);
    assertThat(rules).extracting(SecretRule::id)
        .contains("anthropic-api-key", "github-fine-grained-pat", "gcp-api-key", "npm-access-token", "jwt",
            "generic-api-key", "url-userinfo-password", "authorization-credential");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\\bpat[[:alnum:]]{14}\\b|patAbcdefghijklmn",
      "(?P<alg>aGJH)x|aGJHx",
      "\\$\\{{[^}]+}}|${{ secrets.X }}",
      "[^]]+:\\[[^]]+]|user:[a]"})
  void shouldTranslateGoRegexSyntax(String goRegex, String matching) {
    assertThat(SecretRules.compile(goRegex).matcher(matching).find()).isTrue();
  }

  @Test
  void shouldMeasureEntropyAsGitleaksDoes() {
    assertThat(SecretRule.entropy("aaaa")).isZero();
    assertThat(SecretRule.entropy("abcd")).isEqualTo(2.0);
  }
}
