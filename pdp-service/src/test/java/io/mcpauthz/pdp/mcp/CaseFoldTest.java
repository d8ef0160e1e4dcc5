package io.mcpauthz.pdp.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseFoldTest {

  @ParameterizedTest(name = "{0} ~ {1}")
  @CsvSource({
    "Name, name", "NAME, name", "nAmE, name", "Params, params",
    "param\u017f, params", "\u212aey, key", "\u212aEY, key", "Stra\u1e9ee, stra\u00dfe",
    "\u03a3, \u03c2", "\u03c3, \u03c2", "\u01c4, \u01c5", "\ud801\udc00, \ud801\udc28",
  })
  void shouldFoldAsGoMatchesStructFields(String a, String b) {
    assertThat(CaseFold.equal(a, b)).isTrue();
    assertThat(CaseFold.key(a)).isEqualTo(CaseFold.key(b));
  }

  @ParameterizedTest(name = "{0} !~ {1}")
  @CsvSource(delimiter = '|', value = {
    "'Name ' | name", "' name' | name", "name_ | name", "na-me | name", "_name | name",
    "\u0130d | id", "\u0131d | id", "ss | \u00df", "names | name", "n\u00e4me | name",
  })
  void shouldNotFoldWhatGoKeepsApart(String a, String b) {
    assertThat(CaseFold.equal(a, b)).isFalse();
    assertThat(CaseFold.key(a)).isNotEqualTo(CaseFold.key(b));
  }

  @Test
  void shouldReturnAnAlreadyFoldedKeyWithoutCopying() {
    String key = "arguments";

    assertThat(CaseFold.key(key)).isSameAs(key);
  }

  /**
   * The oracle: Go's own orbits ({@code src/test/go/foldorbits}). Two code points fold together
   * here exactly when Go puts them in one orbit, for every code point this JDK knows (Unicode
   * letters newer than the JDK's Unicode version fold only on newer JDKs).
   */
  @Test
  void shouldFoldExactlyAsGoUnicodeSimpleFold() throws IOException {
    Map<Integer, Integer> goOrbits = goOrbits();
    Map<Integer, Integer> goByOurs = new HashMap<>();
    Map<Integer, Integer> oursByGo = new HashMap<>();
    List<String> differences = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (!Character.isDefined(cp) || cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      int ours = CaseFold.fold(cp);
      int go = goOrbits.getOrDefault(cp, cp);
      // the same partition: each of our classes is one of Go's orbits, and the other way round
      if (goByOurs.computeIfAbsent(ours, k -> go) != go || oursByGo.computeIfAbsent(go, k -> ours) != ours) {
        differences.add(String.format("U+%04X", cp));
      }
    }

    assertThat(differences).isEmpty();
  }

  /** Code point -> the smallest member of its Go orbit. */
  private static Map<Integer, Integer> goOrbits() throws IOException {
    Map<Integer, Integer> orbits = new HashMap<>();
    try (InputStream in = CaseFoldTest.class.getResourceAsStream("/go-fold-orbits.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] members = line.split(" ");
        for (String member : members) {
          orbits.put(Integer.parseInt(member, 16), Integer.parseInt(members[0], 16));
        }
      }
    }
    assertThat(orbits).as("orbits read").hasSizeGreaterThan(2800);
    return orbits;
  }
}
