package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderCheckTest {
  /** A provider from the class path, as a deployment's java.security could name one. */
  private static final class Outsider extends Provider {
    Outsider(String... services) {
      super("OUTSIDER", "1.0", "a provider that is not the JDK's");
      for (String s : services) {
        put(s, Outsider.class.getName());
      }
    }
  }

  @Test
  void theJdksProviders_areTold_fromOthers() {
    assertTrue(ProviderCheck.fromTheJdk(Security.getProvider("SUN")));
    assertTrue(ProviderCheck.fromTheJdk(Security.getProvider("SunJCE")));
    assertTrue(ProviderCheck.fromTheJdk(Security.getProvider("SunEC")));
    assertTrue(ProviderCheck.fromTheJdk(Security.getProvider("SunJSSE")));
    // a provider from the class path, as BouncyCastle's (either line) is
    assertFalse(ProviderCheck.fromTheJdk(new Outsider("MessageDigest.X")));
  }

  @Test
  void theJdksProviders_offerCryptography_andAreNamed() {
    Optional<String> found =
        ProviderCheck.firstForeign(Security.getProviders(), p -> p.getName().equals("BCFIPS"));
    assertTrue(found.isPresent());
    // the first registered: SUN, with its services in order and how many more
    assertTrue(
        found.get().startsWith("provider \"SUN\" (sun.security.provider.Sun) offers "),
        found.get());
    assertTrue(found.get().matches(".* and [0-9]+ more"), found.get());
  }

  @Test
  void allowedProviders_areNotLookedAt() {
    assertEquals(Optional.empty(), ProviderCheck.firstForeign(Security.getProviders(), p -> true));
    assertEquals(
        Optional.empty(),
        ProviderCheck.firstForeign(
            new Provider[] {new Outsider("Cipher.AES")}, p -> p.getName().equals("OUTSIDER")));
  }

  @Test
  void aProviderOfNonCryptographicServices_passes() {
    Provider certificatesOnly =
        new Outsider("CertificateFactory.X.509", "CertPathValidator.PKIX", "CertStore.Collection");
    assertEquals(
        Optional.empty(),
        ProviderCheck.firstForeign(new Provider[] {certificatesOnly}, p -> false));
  }

  @Test
  void anyCryptographicService_isFound_andNamed() {
    for (String type : ProviderCheck.CRYPTOGRAPHIC) {
      Provider p = new Outsider("CertificateFactory.X.509", type + ".SOMETHING");
      assertEquals(
          Optional.of(
              "provider \"OUTSIDER\" ("
                  + Outsider.class.getName()
                  + ") offers "
                  + type
                  + ".SOMETHING"),
          ProviderCheck.firstForeign(new Provider[] {p}, x -> false),
          type);
    }
  }

  @Test
  void manyServices_areCounted_notAllListed() {
    Provider p =
        new Outsider(
            "Cipher.A", "Cipher.B", "Mac.C", "MessageDigest.D", "Signature.E", "SecureRandom.F");
    assertEquals(
        Optional.of(
            "provider \"OUTSIDER\" ("
                + Outsider.class.getName()
                + ") offers Cipher.A, Cipher.B, Mac.C and 3 more"),
        ProviderCheck.firstForeign(new Provider[] {p}, x -> false));
  }
}
