package org.prex.console;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Client certificates for tests: what a PIV card would present, made on the spot. */
final class TestCertificates {
  private TestCertificates() {}

  record Made(X509Certificate certificate, KeyPair pair, String sha256) {
    KeyManager[] keyManagers() throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "card", pair.getPrivate(), "pw".toCharArray(), new X509Certificate[] {certificate});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(ks, "pw".toCharArray());
      return kmf.getKeyManagers();
    }
  }

  /**
   * A self-signed client certificate valid from a day before {@code at} to 30 days after: {@code
   * at} is the console's clock in the test (a fixed date), not the real one, which it would
   * otherwise leave behind a day later.
   */
  static Made selfSigned(String dn, Instant at) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC", "SunEC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = gen.generateKeyPair();
    X500Name name = new X500Name(dn);
    Instant now = at;
    // parsed by the JDK's own provider, as a TLS client's key store would hold it
    X509Certificate cert =
        (X509Certificate)
            java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new java.io.ByteArrayInputStream(
                        new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.valueOf(now.toEpochMilli()),
                                Date.from(now.minus(Duration.ofDays(1))),
                                Date.from(now.plus(Duration.ofDays(30))),
                                name,
                                pair.getPublic())
                            .build(
                                new JcaContentSignerBuilder("SHA256withECDSA")
                                    .build(pair.getPrivate()))
                            .getEncoded()));
    String sha =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    return new Made(cert, pair, sha);
  }
}
