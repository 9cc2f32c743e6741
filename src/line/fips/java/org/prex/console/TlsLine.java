package org.prex.console;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.prex.seal.CryptoLine;

/**
 * The console's TLS on the FIPS line (docs/fips.md, "The console over HTTPS"): BouncyCastle's JSSE
 * in FIPS mode on the FIPS module, since the JDK's SunJSSE needs the SunJCE provider this line
 * removes. TLS 1.3 and 1.2, forward-secret AES-GCM suites only (ChaCha20-Poly1305 is not approved).
 */
final class TlsLine {
  /** The module's own key store: approved-only mode has no PKCS#12. */
  static final String KEY_STORE = "BCFKS";

  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** Named one by one (Jetty takes patterns; these match themselves only). */
  static final String[] CIPHER_SUITES = {
    "TLS_AES_256_GCM_SHA384",
    "TLS_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
  };

  /** BouncyCastle's JSSE, as the FIPS line's providers register it. */
  private static final String PROVIDER = "BCJSSE";

  private TlsLine() {}

  /** A TLS context with the key of {@code keys} and {@code trust} for client certificates. */
  static SSLContext context(KeyStore keys, char[] password, TrustManager[] trust)
      throws GeneralSecurityException {
    CryptoLine.atStart();
    JsseLogging.toPrexLog();
    KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX", PROVIDER);
    factory.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS", PROVIDER);
    // random numbers: the module's DRBG, the default of every SecureRandom on this line
    context.init(factory.getKeyManagers(), trust, null);
    return context;
  }
}
