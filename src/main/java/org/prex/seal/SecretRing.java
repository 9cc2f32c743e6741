package org.prex.seal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;

/** Reading secret keys: the only place a passphrase unlocks key material. */
final class SecretRing {
  private SecretRing() {}

  static PGPSecretKeyRing read(Path file) throws KeyFileException {
    Providers.ensure();
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
      Object o = new JcaPGPObjectFactory(in).nextObject();
      if (o instanceof PGPSecretKeyRing ring) {
        return ring;
      }
      throw new KeyFileException(
          file,
          "not an OpenPGP secret key (expected what 'gpg --export-secret-keys --armor' writes)");
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException(
          file, "not a readable OpenPGP secret key (" + e.getClass().getSimpleName() + ")");
    }
  }

  static PGPPrivateKey unlock(Path file, PGPSecretKey key, char[] passphrase)
      throws KeyFileException {
    try {
      return key.extractPrivateKey(
          new JcePBESecretKeyDecryptorBuilder(
                  new JcaPGPDigestCalculatorProviderBuilder().setProvider(Providers.BC).build())
              .setProvider(Providers.BC)
              .build(passphrase == null ? new char[0] : passphrase));
    } catch (PGPException e) {
      throw new KeyFileException(file, "wrong passphrase (set PREX_SIGNING_PASSPHRASE)");
    }
  }
}
