package org.prex.seal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;

/** Reading secret keys: the only place where a passphrase unlocks key material. */
final class SecretRing {
  private SecretRing() {}

  /** Reads exactly one secret key ring, as {@code gpg --export-secret-keys [--armor]} writes. */
  static PGPSecretKeyRing read(Path file) throws KeyFileException {
    Providers.ensure();
    byte[] bytes = PublicCert.bytes(file);
    List<Object> objects;
    try {
      objects = PublicCert.objects(bytes);
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException(
          file, "not a readable OpenPGP secret key (" + e.getClass().getSimpleName() + ")");
    }
    if (objects.size() == 1 && objects.get(0) instanceof PGPSecretKeyRing ring) {
      return ring;
    }
    if (objects.size() == 1 && objects.get(0) instanceof PGPPublicKeyRing) {
      throw new KeyFileException(
          file,
          "holds only a certificate (public key); expected the secret key, as"
              + " 'gpg --export-secret-keys --armor' writes it");
    }
    if (objects.size() > 1) {
      throw new KeyFileException(
          file, "holds " + objects.size() + " OpenPGP objects; expected exactly one secret key");
    }
    throw new KeyFileException(
        file,
        "not an OpenPGP secret key (expected what 'gpg --export-secret-keys --armor' writes)");
  }

  /**
   * Unlocks one secret key. {@code passphraseHint} says where a passphrase comes from, for the
   * message when it is missing or wrong (e.g. "set PREX_SIGNING_PASSPHRASE").
   */
  static PGPPrivateKey unlock(Path file, PGPSecretKey key, char[] passphrase, String passphraseHint)
      throws KeyFileException {
    boolean protectedKey = key.getS2KUsage() != SecretKeyPacket.USAGE_NONE;
    boolean given = passphrase != null && passphrase.length > 0;
    try {
      return key.extractPrivateKey(
          new JcePBESecretKeyDecryptorBuilder(
                  new JcaPGPDigestCalculatorProviderBuilder().setProvider(Providers.BC).build())
              .setProvider(Providers.BC)
              .build(given ? passphrase : new char[0]));
    } catch (PGPException | RuntimeException e) {
      if (protectedKey && !given) {
        throw new KeyFileException(
            file, "is protected by a passphrase and none was given (" + passphraseHint + ")");
      }
      if (protectedKey) {
        throw new KeyFileException(file, "wrong passphrase (" + passphraseHint + ")");
      }
      throw new KeyFileException(
          file, "cannot use the secret key (" + e.getClass().getSimpleName() + ")");
    }
  }
}
