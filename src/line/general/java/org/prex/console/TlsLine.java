package org.prex.console;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The console's TLS on the general line (docs/console.md): the JDK's SunJSSE, TLS 1.3 and 1.2 with
 * forward-secret AEAD suites only.
 */
final class TlsLine {
  /** The in-memory key store the certificate and key are put in. */
  static final String KEY_STORE = "PKCS12";

  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** TLS 1.3's suites, and TLS 1.2's ECDHE with GCM or ChaCha20 (patterns, as Jetty takes them). */
  static final String[] CIPHER_SUITES = {
    "TLS_AES_.*", "TLS_CHACHA20_.*", "TLS_ECDHE_.*_GCM_.*", "TLS_ECDHE_.*_CHACHA20_.*"
  };

  private TlsLine() {}

  /** A TLS context with the key of {@code keys} and {@code trust} for client certificates. */
  static SSLContext context(KeyStore keys, char[] password, TrustManager[] trust)
      throws GeneralSecurityException {
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), trust, null);
    return context;
  }
}
