package org.prex.console;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The console's TLS certificate and key: {@code keys/console/tls.crt} and {@code tls.key}, PEM
 * (docs/console.md). {@code keys init} makes a self-signed one for {@code localhost} and {@code
 * 127.0.0.1}; a deployment replaces both files with its own.
 */
public final class ConsoleCertificate {
  /** How long a certificate {@code keys init} makes is valid: what browsers accept at most. */
  public static final Duration VALIDITY = Duration.ofDays(397);

  private ConsoleCertificate() {}

  public static Path folder(Path keysDir) {
    return keysDir.resolve("console");
  }

  public static Path certificate(Path keysDir) {
    return folder(keysDir).resolve("tls.crt");
  }

  public static Path key(Path keysDir) {
    return folder(keysDir).resolve("tls.key");
  }

  /**
   * Makes a self-signed certificate (ECDSA P-256) for {@code localhost} and {@code 127.0.0.1} in
   * {@code keys/console/}, valid from {@code now} for {@code validity}; the key file is 0600.
   */
  public static void make(Path keysDir, String name, Instant now, Duration validity)
      throws IOException {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = gen.generateKeyPair();
      X500Name subject = new X500Name("CN=" + name.replaceAll("[,+=\"\\\\<>;#]", " "));
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(validity)),
              subject,
              pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
      X509CertificateHolder cert =
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      Files.createDirectories(folder(keysDir));
      Path keyFile = key(keysDir);
      Files.createFile(
          keyFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null)), StandardCharsets.US_ASCII);
      Files.writeString(certificate(keysDir), pem(cert), StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot make the console's TLS certificate: " + e.getMessage(), e);
    }
  }

  private static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }

  /** The certificate and key, read: a key store in memory for the TLS server. */
  public record Loaded(KeyStore keyStore, char[] password, X509Certificate certificate) {}

  /**
   * Reads {@code keys/console/tls.crt} and {@code tls.key}.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it (never key bytes)
   */
  public static Loaded load(Path keysDir) {
    Path certFile = certificate(keysDir);
    Path keyFile = key(keysDir);
    if (!Files.isRegularFile(certFile) || !Files.isRegularFile(keyFile)) {
      throw new IllegalArgumentException(
          "the console needs a TLS certificate and key: "
              + certFile
              + " and "
              + keyFile
              + " (prex keys init makes a self-signed pair)");
    }
    X509Certificate cert;
    PrivateKey key;
    try {
      Object c = read(certFile);
      if (!(c instanceof X509CertificateHolder holder)) {
        throw new IllegalArgumentException(certFile + " holds no PEM certificate");
      }
      cert = new JcaX509CertificateConverter().getCertificate(holder);
      cert.checkValidity();
      Object k = read(keyFile);
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (k instanceof PEMKeyPair pair) {
        key = converter.getKeyPair(pair).getPrivate();
      } else if (k instanceof PrivateKeyInfo info) {
        key = converter.getPrivateKey(info);
      } else {
        throw new IllegalArgumentException(
            keyFile + " holds no unencrypted PEM private key (PKCS#8 or traditional)");
      }
      char[] password = new char[32];
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < password.length; i++) {
        password[i] = (char) ('a' + random.nextInt(26));
      }
      KeyStore store = KeyStore.getInstance(TlsLine.KEY_STORE);
      store.load(null, null);
      store.setKeyEntry("console", key, password, new X509Certificate[] {cert});
      return new Loaded(store, password, cert);
    } catch (java.security.cert.CertificateExpiredException e) {
      throw new IllegalArgumentException(
          "the console's TLS certificate " + certFile + " expired on " + e.getMessage());
    } catch (java.security.cert.CertificateNotYetValidException e) {
      throw new IllegalArgumentException(
          "the console's TLS certificate " + certFile + " is not valid yet");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the console's TLS certificate and key ("
              + certFile
              + ", "
              + keyFile
              + "): "
              + e.getClass().getSimpleName());
    }
  }

  /**
   * The PEM object in {@code file}. Bad base64 is an IOException on the general line and a
   * DecoderException (unchecked) on the FIPS line's bcpkix-fips: both become an IOException, so
   * that either line names the file rather than stopping on a stack trace.
   */
  private static Object read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser p = new PEMParser(r)) {
      return p.readObject();
    } catch (RuntimeException e) {
      throw new IOException("not PEM", e);
    }
  }
}
