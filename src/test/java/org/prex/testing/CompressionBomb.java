package org.prex.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Iterator;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.jcajce.JcaPGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * A hostile item file built with BouncyCastle: an OpenPGP message signed by the exchange's own key
 * and encrypted to an agency, as prex seals, but whose signed literal data sits in ZLIB compressed
 * packets (nested): a few KB that inflate to {@code inflatedBytes} of zeros.
 */
public final class CompressionBomb {
  private CompressionBomb() {}

  public static void write(
      Path out, Path exchangeSigningKey, Path agencyCert, long inflatedBytes, String fileName)
      throws IOException, PGPException {
    PGPSecretKey signing = signingKey(exchangeSigningKey);
    PGPPrivateKey priv =
        signing.extractPrivateKey(
            new JcePBESecretKeyDecryptorBuilder().setProvider("BC").build(new char[0]));
    PGPEncryptedDataGenerator enc =
        new PGPEncryptedDataGenerator(
            new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(true)
                .setSecureRandom(new SecureRandom())
                .setProvider("BC"));
    enc.addMethod(
        new JcePublicKeyKeyEncryptionMethodGenerator(encryptionKey(agencyCert)).setProvider("BC"));
    PGPSignatureGenerator signer =
        new PGPSignatureGenerator(
            new JcaPGPContentSignerBuilder(
                    signing.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256)
                .setProvider("BC"),
            signing.getPublicKey());
    signer.init(PGPSignature.BINARY_DOCUMENT, priv);
    try (OutputStream file = Files.newOutputStream(out);
        OutputStream encrypted = enc.open(file, new byte[1 << 16])) {
      // twice: ZLIB's output for zeros is itself very regular, so a few KB hold hundreds of MB
      PGPCompressedDataGenerator outer =
          new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB, 9);
      PGPCompressedDataGenerator zlib =
          new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB, 9);
      OutputStream compressed =
          zlib.open(outer.open(encrypted, new byte[1 << 16]), new byte[1 << 16]);
      signer.generateOnePassVersion(false).encode(compressed);
      PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
      try (OutputStream data =
          literal.open(
              compressed, PGPLiteralData.BINARY, fileName, new Date(), new byte[1 << 16])) {
        byte[] zeros = new byte[1 << 20];
        for (long left = inflatedBytes; left > 0; left -= zeros.length) {
          int n = (int) Math.min(zeros.length, left);
          data.write(zeros, 0, n);
          signer.update(zeros, 0, n);
        }
      }
      signer.generate().encode(compressed);
      zlib.close();
      outer.close();
    }
  }

  private static PGPSecretKey signingKey(Path file) throws IOException, PGPException {
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
      PGPSecretKeyRing ring = new JcaPGPSecretKeyRingCollection(in).getKeyRings().next();
      Iterator<PGPSecretKey> keys = ring.getSecretKeys();
      PGPSecretKey chosen = null;
      while (keys.hasNext()) {
        PGPSecretKey k = keys.next();
        if (k.isSigningKey() && (chosen == null || !k.isMasterKey())) {
          chosen = k;
        }
      }
      return chosen;
    }
  }

  private static PGPPublicKey encryptionKey(Path cert) throws IOException, PGPException {
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(cert))) {
      PGPPublicKeyRing ring = new JcaPGPPublicKeyRingCollection(in).getKeyRings().next();
      for (PGPPublicKey k : ring) {
        if (k.isEncryptionKey() && !k.isMasterKey()) {
          return k;
        }
      }
      return ring.getPublicKey();
    }
  }
}
