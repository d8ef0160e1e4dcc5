package io.mcpauthz.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvRowsTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "plain | plain",
    "`` | ``",
    "a,b | \"a,b\"",
    "say \"hi\" | \"say \"\"hi\"\"\"",
    "=1+1 | '=1+1",
    "+cmd | '+cmd",
    "-2 | '-2",
    "@SUM(A1) | '@SUM(A1)",
    "=HYPERLINK(\"x\") | \"'=HYPERLINK(\"\"x\"\")\"",
    // Excel in locales whose list separator is ";" splits unquoted cells there: a new cell starts with =
    "`get_issue;=cmd|'/c calc'!A1` | `\"get_issue;=cmd|'/c calc'!A1\"`",
    // spreadsheets that trim leading blanks still see the formula
    "` =1+1` | `' =1+1`",
    "`  @SUM(A1)` | `'  @SUM(A1)`",
  })
  void shouldQuoteAndDefuseFormulas(String value, String expected) {
    assertThat(CsvRows.cell(value)).isEqualTo(expected);
  }
}
