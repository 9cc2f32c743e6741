package org.prex.markings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.prex.designate.Designation;

/**
 * The quick look that skips most lines without a regex only ever skips lines the full scan finds
 * nothing in: the same markings with and without it, over lines built to be near misses.
 */
class QuickLookTest {
  private static final Map<String, Designation> LEGACY =
      Map.of(
          "PROPRIETARY", Designation.parse("CUI//SP-PROPIN"),
          "FOUO", Designation.parse("CUI"));
  private static final MarkingScanner QUICK = new MarkingScanner(LEGACY);
  private static final MarkingScanner FULL = new MarkingScanner(LEGACY, false);

  private static final String[] WORDS = {
    "SECRET",
    "TOP SECRET",
    "CONFIDENTIAL",
    "CUI",
    "PROPRIETARY",
    "FOUO",
    "NOFORN",
    "NF",
    "SP-PROPIN",
    "REL TO USA",
    "ORCON",
    "model",
    "card",
    "eval",
    "S",
    "TS",
    "C",
    "x"
  };
  private static final String[] GLUE = {
    " ",
    "/",
    "//",
    " / ",
    "/\u2003/",
    "(",
    ")",
    "(S)",
    "(TS)",
    "(C//",
    "\\u0053",
    "&#83;",
    "*",
    "<!-- -->",
    "_",
    "`",
    "\t",
    ". ",
    "-",
    ",",
    "\u200B",
    "",
    ""
  };

  /** Letters swapped for look-alikes the normalization folds back. */
  private static String disguise(String w, Random r) {
    StringBuilder b = new StringBuilder();
    for (char c : w.toCharArray()) {
      switch (r.nextInt(12)) {
        case 0 -> b.append(Character.toLowerCase(c));
        case 1 -> b.append(c == 'E' ? 'Е' : c == 'C' ? 'С' : c == 'T' ? 'Т' : c); // Cyrillic
        case 2 -> b.append(c == 'E' ? 'É' : c == 'C' ? 'Ç' : c == 'I' ? 'Ï' : c);
        case 3 -> b.append(c >= 'A' && c <= 'Z' ? (char) (c + 0xFEE0) : c); // full-width
        case 4 -> b.append(c).append('\u0301'); // a combining accent
        case 5 -> b.append(c == 'I' ? "\uFB01".substring(0, 1) : String.valueOf(c));
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String line(Random r) {
    StringBuilder b = new StringBuilder();
    int parts = 1 + r.nextInt(5);
    for (int i = 0; i < parts; i++) {
      String w = WORDS[r.nextInt(WORDS.length)];
      if (r.nextBoolean()) {
        w = w.toLowerCase(Locale.ROOT);
      } else if (r.nextInt(3) == 0) {
        w = disguise(w, r);
      }
      b.append(w).append(GLUE[r.nextInt(GLUE.length)]);
    }
    return b.toString();
  }

  private static Markings scan(MarkingScanner s, String line, boolean strings) {
    Found found = new Found();
    try (TextSink sink = strings ? s.stringsSink(found, null) : s.sink(found, null)) {
      sink.write(line);
    }
    return found.markings();
  }

  @Test
  void findsWhatTheFullScanFinds_inLinesOfMarkingFragments() {
    Random r = new Random(12);
    int marked = 0;
    for (int i = 0; i < 40_000; i++) {
      String line = line(r);
      boolean strings = r.nextBoolean();
      Markings full = scan(FULL, line, strings);
      assertEquals(full, scan(QUICK, line, strings), "line <" + line + ">, strings " + strings);
      if (!full.equals(scan(FULL, "", strings))) {
        marked++;
      }
    }
    // the lines must be near misses: many find something, many do not
    assertTrue(marked > 2_000 && marked < 38_000, marked + " of 40,000 lines found a marking");
  }

  @Test
  void markingsTheQuickLookOnceSkipped() {
    List<String> missed = new ArrayList<>();
    for (String line :
        List.of(
            "Secret/NF",
            "the doc is Confidential/NOFORN here",
            "confidential / nf",
            "S\u00c9CRET",
            "TOP S\u00c9CRET",
            "PROPRI\u00c9TARY",
            "\u202Eatad gniloop )IUC(",
            "\u202Esgol tuodloH )S(",
            "(~CUI) pooling data",
            "(~S) The model")) {
      if (scan(QUICK, line, false).equals(scan(QUICK, "", false))) {
        missed.add(line);
      }
    }
    assertEquals(List.of(), missed);
  }

  @Test
  void aLineWithAnEscapeCharacter_isAlsoReadInPiecesBetweenQuotes_inAStringsScanToo() {
    // no escape starts here, but the backslash makes the scanner read "CUI" as a line of its own
    String line = "a\\b \"CUI\" c";
    Markings full = scan(FULL, line, true);
    assertEquals(List.of("CUI"), full.cui().stream().map(Object::toString).toList());
    assertEquals(full, scan(QUICK, line, true));
  }

  @Test
  void quickFold_hasTheLettersOfTheFullNormalization_forEveryCharacter() {
    List<String> differ = new ArrayList<>();
    for (int c = 0x80; c < 0x10000; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      String one = String.valueOf((char) c);
      StringBuilder folded = Normalizer.quickFold(one);
      if (folded == null) {
        continue; // a right-to-left override: such a line always gets the full scan
      }
      String quick = Normalizer.normalize(folded.toString());
      if (!quick.equals(Normalizer.normalize(one))) {
        differ.add(Integer.toHexString(c));
      }
    }
    assertEquals(List.of(), differ);
  }
}
