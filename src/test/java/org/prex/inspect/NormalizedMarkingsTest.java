package org.prex.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.prex.designate.Designation;
import org.prex.markings.Found;
import org.prex.markings.MarkingScanner;
import org.prex.markings.Markings;
import org.prex.markings.TextSink;

/** Markings in disguise are still markings; ordinary text is not. */
class NormalizedMarkingsTest {
  static final MarkingScanner SCANNER =
      new MarkingScanner(Map.of("PROPRIETARY", Designation.parse("CUI//SP-PROPIN")));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SECRET // NOFORN|SECRET//NOFORN",
        "S\u200BECRET//NOFORN|SECRET//NOFORN",
        "SEC\u00ADRET//NOFORN|SECRET//NOFORN",
        "\u0405ECRET//NOFORN|SECRET//NOFORN",
        "SECR\u0395T//NOFORN|SECRET//NOFORN",
        "\uFF33\uFF25\uFF23\uFF32\uFF25\uFF34//NOFORN|SECRET//NOFORN",
        "SECRET\u2215\u2215NOFORN|SECRET//NOFORN",
        "S\u0301ECRET//NOFORN|SECRET//NOFORN",
        "secret//noforn|SECRET//NOFORN",
        "Top Secret//SI|TOP SECRET//SI",
        "**SECRET**|SECRET",
        "<!-- TOP SECRET -->|TOP SECRET",
        "\\u0053ECRET\\/\\/NOFORN|SECRET//NOFORN",
        "&#83;ECRET&#x2F;&#x2F;NOFORN|SECRET//NOFORN",
        "(S//NF) the chain|(S//NF)",
        "(TS) lines|(TS)",
        "Results. (S) The chain|(S)",
        "  - (TS) Targets|(TS)",
      })
  void aDisguisedSpill_isFound(String text, String marking) {
    assertEquals(List.of(marking), SCANNER.scan(text).classified());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "The secret to good evals is care.",
        "SECRETS MANAGEMENT",
        "SECRET_KEY = 1",
        "f(S) + g(TS)",
        "item(s) are listed",
        "(c) 2026 Acme",
        "Top secret recipe",
        "a/b // c",
        "Small (S), Medium (M)",
        "sequence length (S) and heads (H)",
        "Thompson sampling (TS) wins",
        "alpha,(S),0.81",
        "x = torch.zeros((S), 4)",
        "half = (s//2) + (c//k)",
      })
  void ordinaryText_isNotASpill(String text) {
    assertEquals(List.of(), SCANNER.scan(text).classified());
  }

  @Test
  void aMarkingSplitAcrossWrites_isFound() {
    Found found = new Found();
    try (TextSink sink = SCANNER.sink(found, null)) {
      sink.write("intro\nSEC");
      sink.write("RET//NO");
      sink.write("FORN\nend\n");
    }
    assertEquals(List.of("SECRET//NOFORN"), found.markings().classified());
  }

  @Test
  void aPortionMarkAcrossTheLongLineWindow_isFound() {
    // one line far longer than the window, the mark straddling the window's edge
    String before = "x".repeat(16 * 1024 - 3);
    Markings m = SCANNER.scan(before + " (S//NF) y " + "z".repeat(40_000));
    assertEquals(List.of("(S//NF)"), m.classified());
  }

  @Test
  void aBannerAfterAVeryLongLine_isStillABanner() {
    Markings m = SCANNER.scan("y".repeat(100_000) + "\nSECRET\n");
    assertEquals(List.of("SECRET"), m.classified());
  }

  @Test
  void inBinaryStrings_aBarePortionMarkMustStandApart() {
    Found found = new Found();
    try (TextSink sink = SCANNER.stringsSink(found, null)) {
      sink.write("q#(S)k");
      sink.endLine();
      sink.write("(S)x");
      sink.endLine();
      sink.write("ab. (S) Th");
      sink.endLine();
    }
    assertEquals(List.of(), found.markings().classified());
    try (TextSink sink = SCANNER.stringsSink(found, null)) {
      sink.write("(S) The chain");
      sink.endLine();
    }
    assertEquals(List.of("(S)"), found.markings().classified());
  }

  @Test
  void legacyMarkings_areFoundInDisguiseToo() {
    assertEquals("CUI//SP-PROPIN", SCANNER.scan("PR\u041EPRIETARY").cui().get(0).toString());
  }
}
