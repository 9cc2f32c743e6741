package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.security.Security;
import java.time.Instant;
import javax.crypto.Cipher;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the general line seals (docs/fips.md); the FIPS line has its own test. */
class LineSealTest {
  @Test
  void bulkEncryption_usesTheJdksAes_notBouncyCastles(@TempDir Path dir) throws Exception {
    Fixture keys = new Fixture(dir, 1);
    new Sealer(keys.exchange); // registers BouncyCastle, last
    assertNotNull(Security.getProvider("BC"));
    assertEquals("SunJCE", Cipher.getInstance("AES/CFB/NoPadding").getProvider().getName());
    assertEquals("SunJCE", Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
    PGPPublicKeyEncryptedData only =
        (PGPPublicKeyEncryptedData) Packets.recipients(keys.seal(SealFormat.AUTO, 0)).get(0);
    assertEquals(
        keys.agencyCerts.get(0).encryptionKey(Instant.now()).getKeyIdentifier(),
        only.getKeyIdentifier());
  }
}
