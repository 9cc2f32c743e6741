package org.prex.seal;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.crypto.fips.FipsDRBG;
import org.bouncycastle.crypto.fips.FipsSecureRandom;
import org.bouncycastle.crypto.fips.FipsStatus;
import org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * The FIPS line's JCA providers (docs/fips.md, "The JDK's providers"): BouncyCastle's FIPS module
 * (bc-fips), in approved-only mode for every thread, for all cryptography, digests and random
 * numbers included; and BouncyCastle's JSSE in FIPS mode on top of it for TLS. At start the JDK's
 * own providers (SUN, SunJCE, SunEC, SunJSSE…) are removed, the module's DRBG is seeded from the
 * operating system, and prex refuses to run while any other provider can do cryptography, or when
 * the module failed its self-tests.
 */
final class Providers {
  static final String BC = "BCFIPS";

  /** BouncyCastle's JSSE, the one TLS provider, bound to the FIPS module. */
  static final String TLS = "BCJSSE";

  /** The FIPS module's own digests: nothing cryptographic from the JDK on this line. */
  static final String JDK_DIGESTS = BC;

  /** What {@code SecureRandom.getInstanceStrong()} gives: the module's DRBG, as any other. */
  static final String STRONG_RANDOM = "DEFAULT:" + BC;

  /** The property that puts the module in approved-only mode for every thread. */
  static final String APPROVED_ONLY = "org.bouncycastle.fips.approved_only";

  /** The SecureRandom H2 asks for by name (its MathUtils). */
  static final String H2_RANDOM = "SHA1PRNG";

  private static boolean installed;
  private static IllegalStateException refused;

  private Providers() {}

  /** At the start of every process of the FIPS jar: the providers, set and checked. */
  static void atStart() {
    ensure();
  }

  /**
   * Sets up and checks the providers once; then only that the module is still ready.
   *
   * @throws IllegalStateException one line naming what is wrong and what to do
   */
  static synchronized void ensure() {
    if (refused != null) {
      throw refused;
    }
    if (!installed) {
      try {
        install();
      } catch (IllegalStateException e) {
        refused = e;
        throw e;
      }
      installed = true;
    }
    if (!FipsStatus.isReady()) {
      throw new IllegalStateException(
          "the FIPS module is not ready: " + FipsStatus.getStatusMessage());
    }
  }

  private static void install() {
    // approved-only for every thread: the module takes this property as its default mode when it
    // is first used, where setApprovedOnlyMode(true) would set the calling thread's only
    System.setProperty(APPROVED_ONLY, "true");
    if (!approvedOnlyInEveryThread()) {
      throw new IllegalStateException(
          "the FIPS module is not in approved-only mode for every thread (BouncyCastle was used"
              + " before prex set it, or the security property "
              + APPROVED_ONLY
              + " says false): start java with -D"
              + APPROVED_ONLY
              + "=true (docs/fips.md)");
    }
    Provider fips = Security.getProvider(BC);
    if (fips == null) {
      fips = new BouncyCastleFipsProvider();
    }
    for (Provider p : Security.getProviders()) {
      if (ProviderCheck.fromTheJdk(p)) {
        Security.removeProvider(p.getName());
      }
    }
    // H2 asks for SecureRandom "SHA1PRNG" by name and, not finding it, prints a stack trace before
    // it takes new SecureRandom(): that name, too, is the module's DRBG (docs/fips.md,
    // "Randomness")
    fips.put("Alg.Alias.SecureRandom." + H2_RANDOM, "DEFAULT");
    if (Security.getProvider(BC) == null) {
      Security.insertProviderAt(fips, 1);
    }
    // every SecureRandom of the module (its DEFAULT, hence new SecureRandom()) draws on this one
    CryptoServicesRegistrar.setSecureRandom(drbg());
    Security.setProperty("securerandom.strongAlgorithms", STRONG_RANDOM);
    if (Security.getProvider(TLS) == null) {
      Security.insertProviderAt(new BouncyCastleJsseProvider(true, fips), 2);
    }
    ProviderCheck.firstForeign(Security.getProviders(), Providers::own)
        .ifPresent(
            problem -> {
              throw new IllegalStateException(
                  "the JCA "
                      + problem
                      + ": the FIPS build may use no cryptography but the FIPS module's ("
                      + BC
                      + ", and "
                      + TLS
                      + " in FIPS mode for TLS); take that provider out of the JVM's"
                      + " security.provider list and class path, or start java with"
                      + " -Djava.security.properties==prex-fips.security (docs/fips.md)");
            });
    SecureRandom random = new SecureRandom();
    if (!BC.equals(random.getProvider().getName())) {
      throw new IllegalStateException(
          "new SecureRandom() comes from "
              + random.getProvider().getName()
              + ", not from the FIPS module (docs/fips.md)");
    }
  }

  /** Whether a thread that never asked for a mode gets approved-only mode. */
  private static boolean approvedOnlyInEveryThread() {
    boolean[] approved = new boolean[1];
    Thread probe =
        new Thread(
            () -> approved[0] = CryptoServicesRegistrar.isInApprovedOnlyMode(), "prex-fips-mode");
    probe.start();
    try {
      probe.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return approved[0] && CryptoServicesRegistrar.isInApprovedOnlyMode();
  }

  /** The module's own, or BouncyCastle's JSSE in FIPS mode. */
  private static boolean own(Provider p) {
    return p instanceof BouncyCastleFipsProvider
        || (p instanceof BouncyCastleJsseProvider jsse && jsse.isFipsMode());
  }

  /**
   * SP 800-90A Hash_DRBG with SHA-512 at 256 bits of security strength, its seed and nonce from
   * {@link SystemEntropy}. Reseeded by the module when its reseed interval is reached.
   */
  private static FipsSecureRandom drbg() {
    byte[] personalization =
        ("prex " + ProcessHandle.current().pid() + " " + System.nanoTime())
            .getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = SystemEntropy.read(16);
    try {
      return FipsDRBG.SHA512
          .fromEntropySource(new SystemEntropy())
          .setSecurityStrength(256)
          .setEntropyBitsRequired(256)
          .setPersonalizationString(personalization)
          .build(nonce, false);
    } finally {
      Arrays.fill(nonce, (byte) 0);
    }
  }

  /** What does the cryptography, as --version and the ready line say it. */
  static String description() {
    ensure();
    // the module's release, from its jar (the provider's own version says only "2.1")
    String version = BouncyCastleFipsProvider.class.getPackage().getImplementationVersion();
    return "FIPS approved-only (bc-fips "
        + (version != null ? version : Security.getProvider(BC).getVersionStr())
        + "; JCA providers: "
        + Arrays.stream(Security.getProviders())
            .map(Provider::getName)
            .collect(Collectors.joining(", "))
        + ")";
  }
}
