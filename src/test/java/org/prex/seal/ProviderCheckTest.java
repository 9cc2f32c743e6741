package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
  void aProviderFromTheClassPath_isNotTheJdks() {
    // as BouncyCastle's (either line) is; the JDK's own: LineProvidersTest of each line
    assertFalse(ProviderCheck.fromTheJdk(new Outsider("MessageDigest.X")));
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
