package org.prex.seal;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.operator.PGPDataEncryptor;
import org.bouncycastle.openpgp.operator.PGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/**
 * SEIPDv1 (AES-256, with MDC) as BouncyCastle's JCE builder makes it, except that the bulk
 * encryption is the line's ({@link SeipdV1Cipher}): on the general line CfbOverCbc instead of the
 * JDK's one-block-per-call CFB, on the FIPS line the module's CFB. The packets, the MDC and
 * everything else stay BouncyCastle's.
 */
final class SeipdV1Encryptor implements PGPDataEncryptorBuilder {
  private static final int AES_BLOCK = 16;

  private final JcePGPDataEncryptorBuilder bc;

  SeipdV1Encryptor(SecureRandom random) {
    this.bc =
        new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
            .setWithIntegrityPacket(true)
            .setSecureRandom(random);
  }

  @Override
  public PGPDataEncryptor build(byte[] keyBytes) throws PGPException {
    PGPDataEncryptor reference = bc.build(keyBytes);
    SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
    return new PGPDataEncryptor() {
      @Override
      public OutputStream getOutputStream(OutputStream out) {
        try {
          return SeipdV1Cipher.encrypting(out, key);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("AES for SEIPDv1 is not available", e);
        }
      }

      @Override
      public PGPDigestCalculator getIntegrityCalculator() {
        return reference.getIntegrityCalculator();
      }

      @Override
      public int getBlockSize() {
        return AES_BLOCK;
      }
    };
  }

  // the general line's interface has this; the FIPS line's has not (no @Override on either)
  public PGPDataEncryptor build(byte[] keyBytes, byte[] iv) throws PGPException {
    throw new PGPException("SEIPDv1 takes no IV");
  }

  @Override
  public int getAlgorithm() {
    return bc.getAlgorithm();
  }

  @Override
  public int getAeadAlgorithm() {
    return bc.getAeadAlgorithm();
  }

  @Override
  public int getChunkSize() {
    return bc.getChunkSize();
  }

  @Override
  public boolean isV5StyleAEAD() {
    return false;
  }

  @Override
  public SecureRandom getSecureRandom() {
    return bc.getSecureRandom();
  }

  @Override
  public PGPDataEncryptorBuilder setWithIntegrityPacket(boolean withIntegrityPacket) {
    if (!withIntegrityPacket) {
      throw new IllegalArgumentException("prex never seals without an integrity packet");
    }
    return this;
  }

  @Override
  public PGPDataEncryptorBuilder setWithAEAD(int aeadAlgorithm, int chunkSize) {
    throw new UnsupportedOperationException("SEIPDv1 only; SEIPDv2 is BouncyCastle's builder");
  }

  @Override
  public PGPDataEncryptorBuilder setUseV5AEAD() {
    throw new UnsupportedOperationException("SEIPDv1 only");
  }

  @Override
  public PGPDataEncryptorBuilder setUseV6AEAD() {
    throw new UnsupportedOperationException("SEIPDv1 only");
  }
}
