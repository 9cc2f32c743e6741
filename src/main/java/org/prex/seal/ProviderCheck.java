package org.prex.seal;

import java.security.Provider;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which registered JCA providers can do cryptography, told by the types of service they offer (or
 * by their answering requests for services with code of their own, which could serve anything). The
 * FIPS line removes the JDK's own providers at start and then refuses to run while any provider but
 * the FIPS module (and a TLS provider bound to it) offers such a service (docs/fips.md, "The JDK's
 * providers").
 */
final class ProviderCheck {
  /**
   * The service types that are cryptography, or TLS, which is made of it. Certificate parsing,
   * certificate paths and the like are left out: they call on these for any signature they check.
   */
  static final Set<String> CRYPTOGRAPHIC =
      Set.of(
          "Cipher",
          "Signature",
          "MessageDigest",
          "Mac",
          "KeyAgreement",
          "KeyPairGenerator",
          "KeyGenerator",
          "KeyFactory",
          "SecretKeyFactory",
          "SecureRandom",
          "KeyStore",
          "KEM",
          "AlgorithmParameterGenerator",
          "AlgorithmParameters",
          "SSLContext",
          "KeyManagerFactory",
          "TrustManagerFactory");

  /** How many of a provider's services a problem names, at most. */
  static final int NAMED = 3;

  private ProviderCheck() {}

  /**
   * Whether {@code provider} is one of the JDK's own (SUN, SunJCE, SunEC, SunJSSE…): its class is
   * in one of the runtime's {@code java.*} or {@code jdk.*} modules, not on the class path.
   */
  static boolean fromTheJdk(Provider provider) {
    Module module = provider.getClass().getModule();
    if (!module.isNamed() || module.getLayer() != ModuleLayer.boot()) {
      return false;
    }
    String name = module.getName();
    return name.startsWith("java.") || name.startsWith("jdk.");
  }

  /**
   * The first of {@code providers} that {@code allowed} does not take and that offers a
   * cryptographic service, described: its name, its class, and a few of those services ({@code
   * provider "SUN" (sun.security.provider.Sun) offers MessageDigest.MD5, SecureRandom.DRBG,
   * Signature.SHA256withDSA and 40 more}); empty when there is none.
   */
  static Optional<String> firstForeign(Provider[] providers, Predicate<Provider> allowed) {
    for (Provider p : providers) {
      if (allowed.test(p)) {
        continue;
      }
      Set<String> offered = new TreeSet<>();
      for (Provider.Service s : p.getServices()) {
        if (CRYPTOGRAPHIC.contains(s.getType())) {
          offered.add(s.getType() + "." + s.getAlgorithm());
        }
      }
      if (!offered.isEmpty()) {
        return Optional.of(describe(p, offered));
      }
      if (answersForItself(p)) {
        // what it lists need not be what it serves: the JCA asks getService(type, algorithm)
        return Optional.of(
            "provider \""
                + p.getName()
                + "\" ("
                + p.getClass().getName()
                + ") answers requests for services by its own code, so what it offers cannot be"
                + " told from what it lists");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code p} overrides how the JCA finds its services, rather than listing them. */
  private static boolean answersForItself(Provider p) {
    try {
      return p.getClass().getMethod("getService", String.class, String.class).getDeclaringClass()
              != Provider.class
          || p.getClass().getMethod("getServices").getDeclaringClass() != Provider.class;
    } catch (NoSuchMethodException e) {
      return true; // cannot happen for a Provider; if it did, it is not one we can read
    }
  }

  private static String describe(Provider p, Set<String> offered) {
    StringBuilder out =
        new StringBuilder("provider \"")
            .append(p.getName())
            .append("\" (")
            .append(p.getClass().getName())
            .append(") offers ");
    int shown = 0;
    for (String s : offered) {
      if (shown == NAMED) {
        break;
      }
      out.append(shown == 0 ? "" : ", ").append(s);
      shown++;
    }
    if (offered.size() > shown) {
      out.append(" and ").append(offered.size() - shown).append(" more");
    }
    return out.toString();
  }
}
