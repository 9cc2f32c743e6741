package org.prex.markings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.prex.designate.Designation;

/**
 * One row per kind of marking: the text, the CUI found (joined), the spill found, the unparsable.
 */
class MarkingScannerTest {
  static final MarkingScanner SCANNER =
      new MarkingScanner(
          Map.of(
              "PROPRIETARY", Designation.parse("CUI//SP-PROPIN"),
              "CONFIDENTIAL", Designation.parse("CUI//SP-PROPIN"),
              "FOUO", Designation.parse("CUI")));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Just a model card.                               | PUBLIC                  | ''           "
            + "   | 0",
        "CUI//SP-EXPT\\n"
            + "body text\\n"
            + "CUI//SP-EXPT           | CUI//SP-EXPT            | ''              | 0",
        "(CUI//SP-PROPIN) The eval used 40 targets.       | CUI//SP-PROPIN          | ''           "
            + "   | 0",
        "CUI\\n"
            + "body\\n"
            + "(CUI//SP-EXPT//NOFORN) detail       | CUI//SP-EXPT//NOFORN    | ''              | 0",
        "PROPRIETARY AND CONFIDENTIAL                     | CUI//SP-PROPIN          | ''           "
            + "   | 0",
        "Proprietary methods are described below.         | PUBLIC                  | ''           "
            + "   | 0",
        "FOUO                                             | CUI                     | ''           "
            + "   | 0",
        "CONFIDENTIAL                                     | CUI//SP-PROPIN          | ''           "
            + "   | 0",
        "SECRET                                           | PUBLIC                  | SECRET       "
            + "   | 0",
        "TOP SECRET//SI//NOFORN                           | PUBLIC                  | TOP"
            + " SECRET//SI//NOFORN | 0",
        "CONFIDENTIAL//REL TO USA, GBR                    | PUBLIC                  |"
            + " CONFIDENTIAL//REL TO USA, GBR | 0",
        "(S//NF) The exploit chain.                       | PUBLIC                  | (S//NF)      "
            + "   | 0",
        "(TS) lines                                       | PUBLIC                  | (TS)         "
            + "   | 0",
        "(U) Unclassified paragraph. (c) 2026 Acme        | PUBLIC                  | ''           "
            + "   | 0",
        "CUI//SP-PROPN                                    | PUBLIC                  | ''           "
            + "   | 1",
        "The word SECRET in a sentence is not a banner.   | PUBLIC                  | ''           "
            + "   | 0",
      })
  void findsEachKindOfMarking(String text, String cui, String spill, int unparsable) {
    Markings m = SCANNER.scan(text.replace("\\n", "\n"));
    assertEquals(cui, m.joined().toString());
    assertEquals(spill.isEmpty() ? List.of() : List.of(spill), m.classified());
    assertEquals(unparsable, m.unparsable().size());
  }
}
