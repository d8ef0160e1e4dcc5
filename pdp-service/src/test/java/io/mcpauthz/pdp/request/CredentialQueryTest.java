package io.mcpauthz.pdp.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every spelling of a credential in the URI that some server behind the proxy would read as one. */
class CredentialQueryTest {

  private static final Set<String> CREDENTIALS =
      CredentialQuery.normalisedNames(List.of("access_token", "id_token", "api_key"));

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/mcp?access_token=eyJsecret                      | /mcp?access_token=[REDACTED]",
      "/mcp?Access_Token=eyJsecret                      | /mcp?Access_Token=[REDACTED]",
      "/mcp?ACCESS_TOKEN=eyJsecret                      | /mcp?ACCESS_TOKEN=[REDACTED]",
      "/mcp?%61ccess_token=eyJsecret                    | /mcp?%61ccess_token=[REDACTED]",
      "/mcp?%2561ccess_token=eyJsecret                  | /mcp?%2561ccess_token=[REDACTED]",
      "/mcp?access%5Ftoken=eyJsecret                    | /mcp?access%5Ftoken=[REDACTED]",
      "/mcp?access.token=eyJsecret                      | /mcp?access.token=[REDACTED]",
      "/mcp?access+token=eyJsecret                      | /mcp?access+token=[REDACTED]",
      "/mcp?access-token=eyJsecret                      | /mcp?access-token=[REDACTED]",
      "/mcp?access_token[]=eyJsecret                    | /mcp?access_token[]=[REDACTED]",
      "/mcp?%20access_token=eyJsecret                   | /mcp?%20access_token=[REDACTED]",
      "/mcp?access_to%E2%84%AAen=eyJsecret              | /mcp?access_to%E2%84%AAen=[REDACTED]",
      "/mcp?x=1&access_token=eyJsecret                  | /mcp?x=1&access_token=[REDACTED]",
      "/mcp?x=1;access_token=eyJsecret                  | /mcp?x=1;access_token=[REDACTED]",
      "/mcp?access_token=a&access_token=b               | /mcp?access_token=[REDACTED]&access_token=[REDACTED]",
      "/mcp?access_token                                | /mcp?access_token=[REDACTED]",
      "/mcp;access_token=eyJsecret                      | /mcp;access_token=[REDACTED]",
      "/github;id_token=x/mcp?api_key=k                 | /github;id_token=[REDACTED]/mcp?api_key=[REDACTED]",
  })
  void shouldFindAndRedactACredentialHoweverItIsSpelt(String path, String redacted) {
    CredentialQuery.Scan scan = CredentialQuery.scan(path, CREDENTIALS);

    assertThat(scan.credentialFound()).isTrue();
    assertThat(scan.path()).isEqualTo(redacted).doesNotContain("eyJsecret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/mcp", "/mcp?", "/mcp?cursor=abc&limit=10", "/mcp?token_type=bearer",
      "/mcp?x=access_token", "/mcp?q=%61ccess_token", "/a;b/mcp"})
  void shouldLeaveOtherUrisAsTheyAre(String path) {
    CredentialQuery.Scan scan = CredentialQuery.scan(path, CREDENTIALS);

    assertThat(scan.credentialFound()).isFalse();
    assertThat(scan.malformed()).isFalse();
    assertThat(scan.path()).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/mcp?%zzaccess_token=s", "/mcp?access_token%=s", "/mcp?%C0%AFx=s",
      "/mcp?%25%32%35%32%35%32%35%36%31ccess_token=s"})
  void shouldCallANameThatDoesNotDecodeMalformedAndHideItsValue(String path) {
    CredentialQuery.Scan scan = CredentialQuery.scan(path, CREDENTIALS);

    assertThat(scan.malformed()).isTrue();
    assertThat(scan.path()).endsWith("=[REDACTED]");
  }
}
