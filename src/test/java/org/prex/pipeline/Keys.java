package org.prex.pipeline;

import org.prex.seal.ClearSigner;
import org.prex.seal.SigningKey;
import org.prex.testing.ExampleKeys;

/** The exchange key of the line's example set ({@link ExampleKeys}), for steps that sign. */
final class Keys {
  private Keys() {}

  static ClearSigner signer() throws Exception {
    return new ClearSigner(
        SigningKey.read(ExampleKeys.dir().resolve("exchange/signing.asc"), new char[0]));
  }
}
