package org.prex.pipeline;

import java.nio.file.Path;
import org.prex.seal.ClearSigner;
import org.prex.seal.SigningKey;

/** The repository's example exchange keys (never for real use), for steps that sign. */
final class Keys {
  private Keys() {}

  static ClearSigner signer() throws Exception {
    return new ClearSigner(
        SigningKey.read(Path.of("keys-example/exchange/signing.asc"), new char[0]));
  }
}
