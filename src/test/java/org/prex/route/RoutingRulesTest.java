package org.prex.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.prex.config.AgencyPolicy;
import org.prex.designate.Designation;

/**
 * Routing rules 2–5 of docs/designation.md, one row per case: designation, agency, may it receive?
 */
class RoutingRulesTest {
  static final AgencyPolicy CAISI =
      new AgencyPolicy("caisi", "CAISI", "USA", true, Set.of("PROPIN", "EXPT"), "file:x", "auto");
  static final AgencyPolicy CISA =
      new AgencyPolicy("cisa", "CISA", "USA", true, Set.of("PROPIN"), "file:x", "auto");
  static final AgencyPolicy DOE =
      new AgencyPolicy("doe-labs", "DOE", "USA", false, Set.of("PROPIN", "EXPT"), "file:x", "auto");
  static final AgencyPolicy UK =
      new AgencyPolicy("uk-aisi", "UK AISI", "GBR", false, Set.of("PROPIN"), "file:x", "auto");

  @ParameterizedTest(name = "{0} to {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PUBLIC                              | uk-aisi  | true",
        "CUI//SP-PROPIN                      | caisi    | true",
        "CUI//SP-PROPIN                      | uk-aisi  | false",
        "CUI//SP-PROPIN//REL TO USA, GBR     | uk-aisi  | true",
        "CUI//SP-PROPIN//NOFORN              | uk-aisi  | false",
        "CUI//SP-PROPIN//NOFORN              | cisa     | true",
        "CUI//SP-EXPT/SP-PROPIN              | cisa     | false",
        "CUI//SP-EXPT/SP-PROPIN              | caisi    | true",
        "CUI//SP-PROPIN//FED ONLY            | doe-labs | false",
        "CUI//SP-PROPIN//NOCON               | doe-labs | false",
        "CUI//SP-PROPIN//FED ONLY            | caisi    | true",
        "CUI//SP-PROPIN//DL ONLY             | caisi    | true",
        "CUI//SP-PROPIN//DL ONLY             | cisa     | false",
        "CUI                                 | uk-aisi  | false",
      })
  void theRoutingPredicate(String designation, String agency, boolean expected) {
    AgencyPolicy a =
        switch (agency) {
          case "caisi" -> CAISI;
          case "cisa" -> CISA;
          case "doe-labs" -> DOE;
          default -> UK;
        };
    Set<String> all = Set.of("caisi", "cisa", "doe-labs", "uk-aisi");
    assertEquals(
        expected,
        RoutingRules.mayReceive(a, Designation.parse(designation), all, Set.of("caisi")),
        String.valueOf(
            RoutingRules.whyNot(a, Designation.parse(designation), all, Set.of("caisi"))));
  }
}
