package org.prex.designate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The join of docs/designation.md, one row per rule: a ⊔ b = expected, and it never goes down. */
class DesignationJoinTest {

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PUBLIC                          | PUBLIC                          | PUBLIC",
        "PUBLIC                          | CUI//SP-PROPIN                  | CUI//SP-PROPIN",
        "CUI                             | CUI//SP-PROPIN                  | CUI//SP-PROPIN",
        "CUI//SP-PROPIN                  | CUI//SP-EXPT                    |"
            + " CUI//SP-EXPT/SP-PROPIN",
        "CUI//SP-PROPIN                  | CUI//PRVCY                      | CUI//SP-PROPIN/PRVCY",
        "CUI//SP-PROPIN//FED ONLY        | CUI//SP-PROPIN//DL ONLY         | CUI//SP-PROPIN//FED"
            + " ONLY/DL ONLY",
        "CUI//SP-PROPIN//REL TO USA, GBR | CUI//SP-PROPIN//NOFORN          |"
            + " CUI//SP-PROPIN//NOFORN",
        "CUI//SP-PROPIN//REL TO USA, GBR | CUI//SP-PROPIN                  | CUI//SP-PROPIN",
        "CUI//SP-PROPIN//REL TO USA, GBR | PUBLIC                          | CUI//SP-PROPIN//REL TO"
            + " USA, GBR",
        "CUI//SP-PROPIN//REL TO USA, GBR, CAN | CUI//REL TO USA, CAN       | CUI//SP-PROPIN//REL TO"
            + " USA, CAN",
        "CUI//REL TO USA, GBR            | CUI//REL TO USA, CAN            | CUI",
      })
  void join(String a, String b, String expected) {
    Designation da = Designation.parse(a);
    Designation db = Designation.parse(b);
    Designation joined = da.join(db);
    assertEquals(expected, joined.toString());
    assertEquals(joined, db.join(da), "the join is symmetric");
    assertTrue(joined.dominates(da) && joined.dominates(db), "it never goes down");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CUI//SP-PROPIN//DL ONLY/FED ONLY | CUI//SP-PROPIN//FED ONLY/DL ONLY",
        "CUI//SP-PROPIN/SP-EXPT           | CUI//SP-EXPT/SP-PROPIN",
        "CUI//SP-PROPIN//REL TO GBR       | CUI//SP-PROPIN//REL TO USA, GBR",
      })
  void printing_isCanonical(String given, String printed) {
    assertEquals(printed, Designation.parse(given).toString());
  }
}
