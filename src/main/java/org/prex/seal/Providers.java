package org.prex.seal;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one place BouncyCastle is registered as a JCA provider: appended LAST, so that the JDK's own
 * AES (AES-NI) and SHA-256 (SHA-NI) stay the defaults for bulk work, while what only BC has (HKDF
 * and OCB for SEIPDv2, OpenPGP's key agreement variants) is still found by name.
 */
final class Providers {
  static final String BC = BouncyCastleProvider.PROVIDER_NAME;

  /** The JDK provider of MessageDigest (SHA-256 with intrinsics). */
  static final String JDK_DIGESTS = "SUN";

  private Providers() {}

  static synchronized void ensure() {
    if (Security.getProvider(BC) == null) {
      Provider bc = new BouncyCastleProvider();
      Security.addProvider(bc);
    }
  }
}
