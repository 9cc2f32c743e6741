package org.prex.markings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TextSink#line} scans a strings run where it lies instead of copying it: it must find
 * exactly what writing the same characters and ending the line finds, whatever line breaks, pieces
 * and markings the run holds.
 */
class TextSinkLineTest {
  private static final List<String> PIECES =
      List.of(
          "SECRET",
          "TOP SECRET",
          "SECRET//NOFORN",
          "(S)",
          " (S) ",
          "(S//NF)",
          "(C//",
          "(CUI)",
          "CUI//SP-PROPIN",
          "PROPRIETARY",
          "FOUO",
          "\\nSECRET//NF",
          "&#83;ECRET",
          "\"",
          "//",
          "\n",
          "\r\n",
          "\u2028",
          "\u0085",
          "\t",
          " ",
          "Ѕ",
          "ЕCRET",
          "x",
          "ab",
          "The eval used 40 targets.");

  @Test
  void aWholeLineAtOnce_findsWhatWritingItAndEndingTheLineFinds() {
    Random random = new Random(20261129);
    int withMarkings = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int pieces = 1 + random.nextInt(6);
      for (int p = 0; p < pieces; p++) {
        text.append(PIECES.get(random.nextInt(PIECES.size())));
      }
      char[] chars = ("##" + text + "##").toCharArray();
      int off = 2;
      int len = text.length();
      for (boolean strings : new boolean[] {true, false}) {
        Found inPlace = new Found();
        Found copied = new Found();
        TextSink a = sink(inPlace, strings);
        TextSink b = sink(copied, strings);
        // a line before, so that the sinks are in use, then the line under test, twice
        for (int twice = 0; twice < 2; twice++) {
          a.line(chars, off, len);
          b.write(chars, off, len);
          b.endLine();
        }
        assertEquals(copied.markings(), inPlace.markings(), () -> "line " + text);
        assertEquals(b.chars(), a.chars(), () -> "characters counted for " + text);
        if (!copied.markings().classified().isEmpty() || !copied.markings().cui().isEmpty()) {
          withMarkings++;
        }
      }
    }
    assertFalse(withMarkings < 1000, "too few lines with a marking to compare: " + withMarkings);
  }

  @Test
  void aLineAfterAPieceStillPending_isAddedToIt() {
    Found found = new Found();
    TextSink sink = sink(found, true);
    char[] first = "SEC".toCharArray();
    char[] rest = "RET//NOFORN".toCharArray();
    sink.write(first, 0, first.length);
    sink.line(rest, 0, rest.length);
    assertEquals(List.of("SECRET//NOFORN"), found.markings().classified());
  }

  private static TextSink sink(Found found, boolean strings) {
    return strings
        ? MarkingScannerTest.SCANNER.stringsSink(found, null)
        : MarkingScannerTest.SCANNER.sink(found, null);
  }
}
