package org.prex.seal;

import java.security.Security;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.crypto.fips.FipsStatus;
import org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider;

/**
 * The FIPS line's one JCA provider: BouncyCastle's FIPS module (bc-fips), in approved-only mode,
 * for everything, digests included (docs/fips.md). A module that failed its self-tests is refused:
 * nothing is sealed, signed or opened with it.
 */
final class Providers {
  static final String BC = "BCFIPS";

  /** The FIPS module's own digests: nothing cryptographic from the JDK on this line. */
  static final String JDK_DIGESTS = BC;

  private Providers() {}

  static synchronized void ensure() {
    if (Security.getProvider(BC) == null) {
      CryptoServicesRegistrar.setApprovedOnlyMode(true);
      Security.insertProviderAt(new BouncyCastleFipsProvider(), 1);
    }
    if (!FipsStatus.isReady()) {
      throw new IllegalStateException(
          "the FIPS module is not ready: " + FipsStatus.getStatusMessage());
    }
  }

  /** What does the cryptography, as --version and the ready line say it. */
  static String description() {
    ensure();
    // the module's release, from its jar (the provider's own version says only "2.1")
    String version = BouncyCastleFipsProvider.class.getPackage().getImplementationVersion();
    return "FIPS approved-only (bc-fips "
        + (version != null ? version : Security.getProvider(BC).getVersionStr())
        + ")";
  }
}
