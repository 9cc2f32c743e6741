package org.prex.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reference a receipt names, read even from a manifest that is otherwise bad. */
class ManifestReferenceTest {

  private static Optional<String> of(String yaml) {
    return ManifestParser.referenceOf(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fromAValidManifest() {
    assertEquals(Optional.of("aurora-2"), of("reference: aurora-2\nitems: []\n"));
  }

  @Test
  void fromAManifestWithUnknownKeysAndBadValues() {
    assertEquals(
        Optional.of("aurora 2 preview"),
        of("bogus: 1\nreference: \"aurora 2 preview\"\nrelease-date: yesterday\n"));
  }

  @Test
  void fromAManifestThatIsNotEvenYaml() {
    assertEquals(
        Optional.of("aurora-3"), of("reference: 'aurora-3'   # ours\nitems: [ {{{ broken\n"));
  }

  @Test
  void noneWhenMissingBlankOrTooLong() {
    assertEquals(Optional.empty(), of("items: []\n"));
    assertEquals(Optional.empty(), of("reference: \"\"\n"));
    assertEquals(Optional.empty(), of("reference: " + "x".repeat(201) + "\n"));
  }
}
