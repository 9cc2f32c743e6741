package org.prex.seal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.bouncycastle.bcpg.SymmetricEncIntegrityPacket;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;

/** Looks at a sealed message's outer packets without decrypting it. */
final class Packets {
  private Packets() {}

  static PGPEncryptedDataList recipients(byte[] message) throws IOException {
    Object o =
        new JcaPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(message)))
            .nextObject();
    if (o instanceof PGPEncryptedDataList list) {
      return list;
    }
    throw new AssertionError("not an encrypted message: " + o);
  }

  /** The encrypted data packet: version 1 (MDC) or 2 (AEAD), cipher, AEAD algorithm, chunks. */
  static SymmetricEncIntegrityPacket encryptedData(byte[] message) throws IOException {
    return (SymmetricEncIntegrityPacket) recipients(message).getEncryptedData();
  }
}
