package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.crypto.Cipher;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.PreferredAEADCiphersuites.Combination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the FIPS line seals (docs/fips.md); the general line has its own test. */
class LineSealTest {
  @Test
  void bulkEncryption_isTheModules(@TempDir Path dir) throws Exception {
    new Fixture(dir, 0);
    assertEquals("BCFIPS", Cipher.getInstance("AES/CFB/NoPadding").getProvider().getName());
    assertEquals("BCFIPS", Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
  }

  @Test
  void aKeyThatPrefersOcb_getsGcm_andOpens(@TempDir Path dir) throws Exception {
    Fixture keys = new Fixture(dir, 0);
    int ocb =
        keys.addAgency(
            KeyGenerator.generate(
                "ocb agency",
                Instant.now().minusSeconds(60),
                null,
                new KeyGenerator.Options(
                    KeyLine.ALGORITHM,
                    true,
                    List.of(
                        new Combination(
                            SymmetricKeyAlgorithmTags.AES_256, AEADAlgorithmTags.OCB)))));
    byte[] m = keys.seal(SealFormat.AUTO, ocb);
    assertEquals(2, Packets.encryptedData(m).getVersion());
    assertEquals(AEADAlgorithmTags.GCM, Packets.encryptedData(m).getAeadAlgorithm());
    assertArrayEquals(
        Fixture.PLAINTEXT,
        Fixture.open(m, keys.agencyKeys.get(ocb), keys.exchangeCert).plaintext());
  }
}
