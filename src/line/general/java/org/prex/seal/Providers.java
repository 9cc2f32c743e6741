package org.prex.seal;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one place where a JCA provider is registered: BouncyCastle, appended LAST, so that the JDK's
 * AES (AES-NI) and SHA-256 stay the defaults for bulk work while what only BC has (OCB and HKDF for
 * SEIPDv2, OpenPGP's key agreement variants) is found by name. SEIPDv2 with OCB therefore runs on
 * BC's pure-Java AES: slow, but a maintained implementation rather than one of our own.
 */
final class Providers {
  static final String BC = BouncyCastleProvider.PROVIDER_NAME;

  /** The JDK provider of MessageDigest (SHA-256 with intrinsics). */
  static final String JDK_DIGESTS = "SUN";

  private Providers() {}

  /**
   * At the start of every process: nothing on this line, where BouncyCastle is registered when
   * first needed ({@link #ensure}) and the JDK's providers stay.
   */
  static void atStart() {}

  static synchronized void ensure() {
    if (Security.getProvider(BC) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  /** What does the cryptography, as --version and the ready line say it. */
  static String description() {
    return "cryptography: BouncyCastle "
        + new BouncyCastleProvider().getVersionStr()
        + " and the JDK's providers (general line, not FIPS-validated)";
  }
}
