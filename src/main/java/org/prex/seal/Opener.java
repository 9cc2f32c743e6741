package org.prex.seal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/**
 * Opens a message prex sealed: decrypts it with the recipient's key, checks its integrity (MDC or
 * AEAD) and that it is signed by the expected signer, streaming the plaintext out. Any failure is a
 * {@link SealException}; the caller discards what was written when one is thrown.
 */
public final class Opener {
  private static final int BUFFER = 1 << 16;

  private Opener() {}

  public record Opened(String fileName, String signerFingerprint, SealFormat format) {}

  public static Opened open(
      InputStream message, DecryptionKey key, PublicCert expectedSigner, OutputStream plaintext)
      throws SealException, IOException {
    Providers.ensure();
    try {
      JcaPGPObjectFactory outer = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(message));
      Object o = outer.nextObject();
      while (o instanceof PGPMarker) {
        o = outer.nextObject();
      }
      if (!(o instanceof PGPEncryptedDataList list)) {
        throw new SealException("not an encrypted OpenPGP message");
      }
      PGPPublicKeyEncryptedData data = null;
      PGPPrivateKey privateKey = null;
      for (PGPEncryptedData ed : list) {
        if (ed instanceof PGPPublicKeyEncryptedData pk && key.keys().containsKey(pk.getKeyID())) {
          data = pk;
          privateKey = key.keys().get(pk.getKeyID());
          break;
        }
      }
      if (data == null) {
        throw new SealException("not encrypted to key " + key.fingerprint());
      }
      SealFormat format = data.isAEAD() ? SealFormat.SEIPD_V2 : SealFormat.SEIPD_V1;
      if (!data.isIntegrityProtected()) {
        throw new SealException("refused: the message has no integrity protection");
      }
      InputStream clear =
          data.getDataStream(
              new JcePublicKeyDataDecryptorFactoryBuilder()
                  .setProvider(Providers.BC)
                  .build(privateKey));
      JcaPGPObjectFactory inner = new JcaPGPObjectFactory(clear);
      Object next = inner.nextObject();
      if (next instanceof PGPCompressedData compressed) {
        inner = new JcaPGPObjectFactory(compressed.getDataStream());
        next = inner.nextObject();
      }
      if (!(next instanceof PGPOnePassSignatureList ops) || ops.isEmpty()) {
        throw new SealException("refused: the message is not signed");
      }
      PGPOnePassSignature onePass = ops.get(0);
      PGPPublicKey signerKey = expectedSigner.ring().getPublicKey(onePass.getKeyID());
      if (signerKey == null) {
        throw new SealException(
            "refused: signed by a key other than the exchange's " + expectedSigner.fingerprint());
      }
      onePass.init(new JcaPGPContentVerifierBuilderProvider().setProvider(Providers.BC), signerKey);
      if (!(inner.nextObject() instanceof PGPLiteralData literal)) {
        throw new SealException("refused: no literal data after the signature header");
      }
      byte[] buffer = new byte[BUFFER];
      try (InputStream in = literal.getDataStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          onePass.update(buffer, 0, n);
          plaintext.write(buffer, 0, n);
        }
      }
      if (!(inner.nextObject() instanceof PGPSignatureList sigs) || sigs.isEmpty()) {
        throw new SealException("refused: the signature is missing");
      }
      if (!onePass.verify(sigs.get(0))) {
        throw new SealException("refused: bad signature");
      }
      if (!data.isAEAD() && !data.verify()) {
        throw new SealException("refused: integrity check (MDC) failed");
      }
      return new Opened(literal.getFileName(), expectedSigner.fingerprint(), format);
    } catch (PGPException | RuntimeException e) {
      throw new SealException(
          "refused: cannot open (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new SealException("refused: damaged message (" + e.getMessage() + ")", e);
    }
  }
}
