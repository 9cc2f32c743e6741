package org.prex.seal;

import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one place where JCA providers are registered, both AFTER the JDK's own: BouncyCastle,
 * appended last, so that the JDK's AES (AES-NI) and SHA-256 (SHA-NI) stay the defaults for bulk
 * work while what only BC has (HKDF for SEIPDv2, OpenPGP's key agreement variants) is found by
 * name; and just before it, prex's "AES/OCB/NoPadding" ({@link JdkOcbCipher}: OCB over the JDK's
 * AES), so that SEIPDv2's mandatory mode does not fall to BC's pure-Java OCB.
 */
final class Providers {
  static final String BC = BouncyCastleProvider.PROVIDER_NAME;

  /** The JDK provider of MessageDigest (SHA-256 with intrinsics). */
  static final String JDK_DIGESTS = "SUN";

  static final String JDK_OCB = "PrexJdkOcb";

  private Providers() {}

  static synchronized void ensure() {
    if (Security.getProvider(BC) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
    if (Security.getProvider(JDK_OCB) == null) {
      List<Provider> all = List.of(Security.getProviders());
      int bc = all.indexOf(Security.getProvider(BC));
      Security.insertProviderAt(new OcbProvider(), bc + 1); // 1-based: BC's place, BC moves down
    }
  }

  /** Offers only "AES/OCB/NoPadding", implemented by {@link JdkOcbCipher}. */
  private static final class OcbProvider extends Provider {
    OcbProvider() {
      super(JDK_OCB, "1.0", "prex: AES-OCB (RFC 7253) over the JDK's AES, for OpenPGP SEIPDv2");
      putService(
          new Service(
              this,
              "Cipher",
              "AES/OCB/NoPadding",
              JdkOcbCipher.class.getName(),
              List.of(),
              Map.of()) {
            @Override
            public Object newInstance(Object constructorParameter) {
              return new JdkOcbCipher();
            }
          });
    }
  }
}
