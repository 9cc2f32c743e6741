package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Gpg;

class KeyGeneratorTest {
  @TempDir static Path dir;
  @RegisterExtension static final Gpg gpg = Gpg.perClass();

  @Test
  void gpg22_importsGeneratedKeys_asUsableForSigningAndEncryption() throws Exception {
    for (KeyGenerator.GeneratedKey k :
        List.of(
            KeyGenerator.generate("ed-agency@example.gov", Instant.now(), Duration.ofDays(400)),
            KeyGenerator.generateRsa("rsa-agency@example.gov", Instant.now(), null))) {
      gpg.importText(k.armoredSecret());
      String listing =
          gpg.run("--with-colons", "--list-secret-keys", k.fingerprint()).ok().stdout();
      // validity not i(nvalid), r(evoked), e(xpired); capabilities s(ign) c(ertify), key E(ncrypt)
      assertTrue(listing.matches("(?s)sec:[-qmfu]:.*:scESC:.*"), listing);
      assertTrue(listing.matches("(?s).*\\nssb:[-qmfu]:[^\\n]*:e:.*"), listing);
    }
  }

  @Test
  void theValidity_setsWhenTheKeyExpires() {
    Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyGenerator.GeneratedKey k = KeyGenerator.generate("x", created, Duration.ofDays(30));
    assertEquals(created.plus(Duration.ofDays(30)), k.cert().expiresAt().orElseThrow());
  }
}
