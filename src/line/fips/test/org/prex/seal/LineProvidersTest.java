package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FIPS line's providers (docs/fips.md): after the start, only the module and its TLS provider,
 * in approved-only mode for every thread; what is not approved is refused, not found elsewhere.
 * The general line has its own test.
 */
class LineProvidersTest {
  @BeforeAll
  static void start() {
    CryptoLine.atStart();
  }

  @Test
  void onlyTheModuleAndItsTlsProvider_remain() {
    assertEquals(
        List.of("BCFIPS", "BCJSSE"),
        Arrays.stream(Security.getProviders()).map(Provider::getName).toList());
    assertTrue(CryptoLine.description().startsWith("FIPS approved-only (bc-fips "));
  }

  @Test
  void approvedOnlyMode_holdsOnAThreadThatNeverAskedForIt() throws Exception {
    boolean[] approved = new boolean[1];
    Thread t = new Thread(() -> approved[0] = CryptoServicesRegistrar.isInApprovedOnlyMode());
    t.start();
    t.join();
    assertTrue(approved[0]);
  }

  @Test
  void aNonApprovedAlgorithm_isRefused_notFoundElsewhere() {
    // OCB and MD5 exist in the general line and the JDK; here nothing offers them
    assertThrows(NoSuchAlgorithmException.class, () -> MessageDigest.getInstance("MD5"));
    assertThrows(
        NoSuchAlgorithmException.class, () -> Cipher.getInstance("AES/OCB/NoPadding"));
    assertThrows(
        NoSuchAlgorithmException.class, () -> Cipher.getInstance("ChaCha20-Poly1305"));
  }
}
