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
  void malformedYaml_namesTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "version: 1\nagencies:\n  caisi: [unclosed\n");
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(file));
    assertTrue(e.problems().get(0).matches("line \\d+: not valid YAML.*"), e.problems().toString());
  }
}
