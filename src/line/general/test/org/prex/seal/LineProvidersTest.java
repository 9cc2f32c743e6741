package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Security;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The general line keeps the JDK's providers (docs/fips.md); ProviderCheck tells them apart, as the
 * FIPS line needs to refuse them. The FIPS line has its own test.
 */
class LineProvidersTest {
  @Test
  void theJdksProviders_areTold_fromOthers() {
    assertTrue(ProviderCheck.fromTheJdk(Security.getProvider("SUN")));
    assertTrue(ProviderCheck.fromTheJdk(Security.getProvider("SunJCE")));
    assertTrue(ProviderCheck.fromTheJdk(Security.getProvider("SunEC")));
    assertTrue(ProviderCheck.fromTheJdk(Security.getProvider("SunJSSE")));
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
}
