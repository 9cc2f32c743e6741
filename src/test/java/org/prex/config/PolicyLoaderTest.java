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
    assertEquals(
        new Policy.Review(30, false, Duration.ofDays(90), Duration.ofDays(14), Duration.ofDays(7)),
        p.review());
  }

  @Test
  void theReviewKeys_areReadAndDefaulted() throws Exception {
    String base =
        "version: 1\nagencies:\n  caisi: { name: C, country: USA, federal: true,"
            + " categories: [PROPIN], deliver: file:outbox/caisi }\n";
    assertEquals(Policy.Review.DEFAULT, parse(base).review());
    Policy.Review r =
        parse(
                base
                    + "release-window: { max-days-before: 10, outside: reject }\n"
                    + "retention-after-release: P30D\ndestruction-deadline: P3D\n"
                    + "acknowledgment-due: PT12H\n")
            .review();
    assertEquals(
        new Policy.Review(10, true, Duration.ofDays(30), Duration.ofDays(3), Duration.ofHours(12)),
        r);
  }

  private static Policy parse(String yaml) throws PolicyException {
    return PolicyLoader.parse(
            yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), AgencyKeys.UNCHECKED, null)
        .policy();
  }

  @Test
  void malformedYaml_namesTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "version: 1\nagencies:\n  caisi: [unclosed\n");
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(file));
    assertTrue(e.problems().get(0).matches("line \\d+: not valid YAML.*"), e.problems().toString());
  }
}
