package org.prex.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.keys.KeyInit;
import org.prex.seal.KeyGenerator;

/** {@code serve} warns, like {@code keys check}, about an agency key expiring within 30 days. */
class KeyWarningsTest {
  @Test
  void anAgencyKeyExpiringWithin30Days_isWarnedAbout_othersAreNot(@TempDir Path dir)
      throws Exception {
    Path keys = dir.resolve("keys");
    KeyInit.init(keys, false, List.of("acme-ai"), List.of("caisi", "cisa"));
    assertEquals(List.of(), expiryWarnings(keys));
    KeyGenerator.GeneratedKey soon =
        KeyGenerator.generate("cisa (expires soon)", Instant.now(), Duration.ofDays(10));
    Files.writeString(keys.resolve("agencies/cisa.asc"), soon.armoredPublic());
    List<String> warnings = expiryWarnings(keys);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("cisa.asc"), warnings.get(0));
    assertTrue(warnings.get(0).contains("within 30 days"), warnings.get(0));
    assertTrue(warnings.get(0).contains(soon.fingerprint()), warnings.get(0));
  }

  /** Other warnings (demo secret keys on the host) are not what this test is about. */
  private static List<String> expiryWarnings(Path keys) {
    return PrexServer.keyWarnings(keys, new char[0]).stream()
        .filter(w -> w.contains("expires"))
        .toList();
  }
}
