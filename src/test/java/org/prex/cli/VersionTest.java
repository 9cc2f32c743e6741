package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code prex --version} prints the pom's version from the jar's manifest, and says plainly when it
 * runs without one (from compiled classes, as here) instead of inventing a version.
 */
class VersionTest {
  @Test
  void theManifestsVersionIsPrinted() {
    assertEquals("prex 0.1.0", Main.Version.line("0.1.0"));
  }

  @Test
  void withoutAManifest_itSaysDevelopmentBuild() {
    assertEquals("prex (development build)", Main.Version.line(null));
    assertEquals("prex (development build)", Main.Version.line(" "));
  }

  @Test
  void theProviderReadsThisBuildsPackage() {
    // tests run from target/classes: no manifest, so the honest fallback
    String expected = Main.Version.line(Main.class.getPackage().getImplementationVersion());
    assertArrayEquals(
        new String[] {expected, org.prex.seal.CryptoLine.description()},
        new Main.Version().getVersion());
    assertEquals("prex (development build)", expected);
  }

  @Test
  void versionOption_printsItAndExitsZero() {
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new String[] {"--version"},
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));
    assertEquals(0, code);
    assertTrue(out.toString().startsWith("prex "), out.toString());
    // the default build says which cryptography it runs on, and that it is not the FIPS module
    assertTrue(
        out.toString().contains("cryptography: BouncyCastle 1.87")
            && out.toString().contains("not FIPS-validated"),
        out.toString());
  }
}
