package org.prex.designate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DesignationTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PUBLIC",
        "CUI",
        "CUI//SP-PROPIN",
        "CUI//SP-EXPT/SP-PROPIN",
        "CUI//SP-PROPIN//NOFORN",
        "CUI//SP-PROPIN//REL TO USA, GBR",
        "CUI//SP-PROPIN//FED ONLY",
        "CUI//SP-PROPIN//DL ONLY",
      })
  void everySpecExample_parsesAndPrintsBack(String text) {
    assertEquals(text, Designation.parse(text).toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CUI//SP-PROPN      | unknown category PROPN (known: ",
        "SECRET             | must start with CUI or be PUBLIC",
        "CUI//SP-PROPIN//NOFORM | unknown control NOFORM",
        "CUI//SP-PROPIN//REL TO UK | REL TO needs ISO 3166 trigraphs",
        "''                 | empty",
        "CUI//SP-PROPIN//NOFORN/REL TO USA, GBR | NOFORN and REL TO contradict each other",
      })
  void malformedDesignations_sayWhatIsWrongAndWhatIsAllowed(String text, String message) {
    DesignationException e =
        assertThrows(DesignationException.class, () -> Designation.parse(text));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
