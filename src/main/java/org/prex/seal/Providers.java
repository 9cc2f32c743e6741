package org.prex.seal;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one place BouncyCastle is registered as a JCA provider: appended LAST, so that the JDK's own
 * AES (with AES-NI) and SHA-256 stay the defaults for bulk work, while what only BC has (X25519 /
 * Ed25519 for OpenPGP, HKDF for SEIPDv2) is found by name.
 */
final class Providers {
  static final String BC = BouncyCastleProvider.PROVIDER_NAME;

  private Providers() {}

  static synchronized void ensure() {
    if (Security.getProvider(BC) == null) {
      Provider bc = new BouncyCastleProvider();
      Security.addProvider(bc);
    }
  }
}
