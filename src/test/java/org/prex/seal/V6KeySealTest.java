package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.bcpg.SymmetricEncIntegrityPacket;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An RFC 9580 v6 key, made by BouncyCastle's newer OpenPGP API, which only the general line has:
 * the FIPS build leaves this class out of its test sources (docs/fips.md).
 */
class V6KeySealTest {
  @TempDir Path dir;

  @Test
  void anRfc9580V6KeyMadeByBouncyCastle_getsSeipdV2_andOpens() throws Exception {
    Fixture keys = new Fixture(dir, 1);
    OpenPGPKey v6 = new BcOpenPGPApi().generateKey().ed25519x25519Key("v6 agency").build();
    int agency =
        keys.addAgency(
            new KeyGenerator.GeneratedKey(
                new PublicCert(v6.toCertificate().getPGPPublicKeyRing()),
                v6.toCertificate().toAsciiArmoredString(),
                v6.toAsciiArmoredString()));
    PublicCert cert = keys.agencyCerts.get(agency);
    assertTrue(cert.advertisesSeipdV2());
    assertEquals(List.of(), cert.encryptionProblems(Instant.now()));
    byte[] m = keys.seal(SealFormat.AUTO, agency);
    assertEquals(SymmetricEncIntegrityPacket.VERSION_2, Packets.encryptedData(m).getVersion());
    Fixture.Opened opened = Fixture.open(m, keys.agencyKeys.get(agency), keys.exchangeCert);
    assertArrayEquals(Fixture.PLAINTEXT, opened.plaintext());
    assertEquals(SealFormat.SEIPD_V2, opened.info().format());
  }
}
