package org.prex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

  @Test
  void theShippedPolicy_loadsWithTheFiveExampleAgencies() throws Exception {
    Policy p = PolicyLoader.load(Path.of("routes/policy.yaml"));
    assertEquals(
        List.of("caisi", "cisa", "doe-labs", "nsa", "uk-aisi"), List.copyOf(p.agencies().keySet()));
    assertEquals("CUI//SP-PROPIN", p.defaultDesignation().toString());
    assertEquals(Duration.ofHours(1), p.manifestTimeout());
    assertEquals("GBR", p.agencies().get("uk-aisi").country());
    assertFalse(p.agencies().get("doe-labs").federal());
    assertEquals("file:outbox/caisi", p.agencies().get("caisi").deliver());
  }

  @Test
  void everyProblem_isReportedWithItsLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "version: 1",
            "default-designation: CUI//SP-PROPN",
            "agencies:",
            "  caisi:",
            "    country: USA",
            "    federal: yes-please",
            "    categories: [PROPIN, WIDGETS]",
            "    deliver: ftp://example.org/x",
            "  cisa:",
            "    country: usa",
            "    deliver: sftp://prex@cisa.example:22/in?privateKeyFile=k",
            "    colour: blue",
            ""));
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(file));
    List<String> problems = e.problems();
    assertContains(
        problems,
        "line 2: default-designation: Invalid designation 'CUI//SP-PROPN'; unknown category PROPN");
    assertContains(problems, "line 6: agency caisi: federal must be true or false");
    assertContains(problems, "line 7: agency caisi: unknown category WIDGETS");
    assertContains(
        problems, "line 8: agency caisi: deliver 'ftp://example.org/x': unsupported scheme");
    assertContains(problems, "line 10: agency cisa: country 'usa' must be an ISO 3166 trigraph");
    assertContains(problems, "line 11: agency cisa: deliver");
    assertContains(problems, "needs knownHostsFile");
    assertContains(problems, "line 12: agency cisa: unknown key 'colour'");
  }

  @Test
  void malformedYaml_namesTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "version: 1\nagencies:\n  caisi: [unclosed\n");
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(file));
    assertTrue(e.problems().get(0).matches("line \\d+: not valid YAML.*"), e.problems().toString());
  }

  private static void assertContains(List<String> problems, String start) {
    assertTrue(
        problems.stream().anyMatch(p -> p.contains(start)),
        "no problem like '" + start + "' in " + problems);
  }
}
