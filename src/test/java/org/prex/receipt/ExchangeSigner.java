package org.prex.receipt;

import java.nio.file.Path;
import java.util.List;
import org.prex.keys.KeyInit;
import org.prex.keys.KeySet;
import org.prex.seal.ClearSigner;

/** The receipt tests' keys: a fresh key folder under {@code root/keys}, for acme-ai and caisi. */
final class ExchangeSigner {
  private ExchangeSigner() {}

  /** Makes the keys and returns the exchange's clear-signer; its public key is beside it. */
  static ClearSigner fresh(Path root) throws Exception {
    KeyInit.init(root.resolve("keys"), false, List.of("acme-ai"), List.of("caisi"));
    KeySet keys = KeySet.load(root.resolve("keys"), new char[0]);
    return new ClearSigner(keys.signingKey());
  }

  /** The exchange's public signing key, as {@link #fresh} left it. */
  static Path publicKey(Path root) {
    return root.resolve("keys/exchange/signing.pub.asc");
  }
}
