package org.prex.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.prex.designate.Designation;

/** An agency's findings.yaml is read as strictly as a lab's manifest, every problem by line. */
class FindingsParserTest {
  private static final Set<String> AGENCIES = Set.of("caisi", "cisa", "nsa");
  private static final String SUB = "s-" + "a".repeat(26);

  private static FindingsManifest parse(String yaml) throws ManifestException {
    return FindingsParser.parse(yaml.getBytes(StandardCharsets.UTF_8), AGENCIES, "caisi");
  }

  private static List<String> problems(String yaml) {
    return assertThrows(ManifestException.class, () -> parse(yaml)).problems();
  }

  @Test
  void everyField() throws Exception {
    FindingsManifest m =
        parse(
            "submission: "
                + SUB
                + "\ndesignation: CUI//SP-PROPIN\nshare-with: [cisa]\nitems:\n"
                + "  - path: report.md\n    sha256: "
                + "AB".repeat(32)
                + "\n  - path: logs/run-1.txt\n    designation: CUI//SP-EXPT\n");
    assertEquals(SUB, m.submission());
    assertEquals(Designation.parse("CUI//SP-PROPIN"), m.designation());
    assertEquals(List.of("cisa"), m.shareWith());
    assertEquals(2, m.items().size());
    assertEquals("ab".repeat(32), m.items().get(0).sha256());
    assertEquals(Designation.parse("CUI//SP-EXPT"), m.items().get(1).designation());
  }

  @Test
  void minimal_sharesWithNoOne() throws Exception {
    FindingsManifest m = parse("submission: " + SUB + "\nitems:\n  - path: report.md\n");
    assertEquals(List.of(), m.shareWith());
    assertNull(m.designation());
  }

  @Test
  void everyProblemIsNamedWithItsLine() {
    List<String> p =
        problems(
            "submission: t-"
                + "a".repeat(26)
                + "\nshare-with: [caisi, fbi]\nrelease-date: 2027-01-01\nitems:\n"
                + "  - path: ../etc/passwd\n  - path: r.md\n    decontrol-on-release: true\n"
                + "  - path: s.md\n    designation: CUI//SP-PROPIN//DL ONLY\n");
    String all = String.join("\n", p);
    assertTrue(all.contains("line 1: submission 't-"), all);
    assertTrue(all.contains("line 2: share-with: unknown agency fbi"), all);
    assertTrue(all.contains("line 2: share-with: caisi is the agency returning"), all);
    assertTrue(all.contains("line 3: ") && all.contains("release-date"), all);
    assertTrue(all.contains("line 5: "), "a path that climbs out: " + all);
    assertTrue(all.contains("line 6: decontrol-on-release is for a lab's submission"), all);
    assertTrue(all.contains("line 9: designation CUI//SP-PROPIN//DL ONLY carries DL ONLY"), all);
  }

  @Test
  void missingSubmissionAndItems_andNotAMapping() {
    String all = String.join("\n", problems("designation: CUI\n"));
    assertTrue(all.contains("submission"), all);
    assertTrue(all.contains("items"), all);
    assertTrue(String.join("\n", problems("- a\n- b\n")).contains("line 1"));
    assertTrue(String.join("\n", problems("")).contains("findings.yaml is empty"));
  }
}
