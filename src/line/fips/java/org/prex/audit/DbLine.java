package org.prex.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.bouncycastle.crypto.fips.FipsUnapprovedOperationError;
import org.prex.console.JsseLogging;

/**
 * How the transfer log connects to PostgreSQL on the FIPS line (docs/fips.md, "The transfer log on
 * PostgreSQL"). The driver's SCRAM-SHA-256 login and its TLS run on the FIPS module in
 * approved-only mode and BouncyCastle's JSSE. What they cannot do there is refused before
 * connecting, or said in one line when the server asks for it, never left to a stack trace:
 *
 * <ul>
 *   <li>a password under 14 bytes: SCRAM-SHA-256 derives its keys with PBKDF2, and the module takes
 *       no password under 112 bits;
 *   <li>a server that stores the password with a salt under 128 bits (the module's other limit);
 *   <li>md5 password authentication (MD5 is not approved);
 *   <li>a client key in PKCS#12 (approved-only mode has no PKCS#12), or a client certificate with
 *       an EC key (the driver never offers one to BouncyCastle's JSSE, which asks for EC keys by
 *       curve, {@code EC/secp384r1}, where the driver looks for {@code EC});
 *   <li>a server certificate that does not verify against {@code sslrootcert}: said so, with the
 *       module's reason, instead of the TLS alert's number.
 * </ul>
 */
final class DbLine {
  /** The shortest password the module derives a key from (112 bits). */
  static final int MIN_PASSWORD_BYTES = 14;

  private DbLine() {}

  /** A connection to {@code url}; {@code props} holds the password, if any. */
  static Connection connect(String url, Properties props) throws SQLException {
    // BouncyCastle's JSSE logs through java.util.logging: into prex's log, as the console's
    JsseLogging.toPrexLog();
    Properties parsed = org.postgresql.Driver.parseURL(url, props);
    if (parsed == null) {
      throw new SQLException("the PostgreSQL driver cannot read this URL");
    }
    refuseUnusable(parsed, props.getProperty("password"));
    try {
      return DriverManager.getConnection(url, props);
    } catch (FipsUnapprovedOperationError e) {
      throw unapproved(e);
    } catch (SQLException e) {
      throw explained(e, parsed);
    }
  }

  /** What the module or the driver on BouncyCastle's JSSE cannot do, refused before connecting. */
  private static void refuseUnusable(Properties parsed, String password) throws SQLException {
    if (password != null && password.getBytes(StandardCharsets.UTF_8).length < MIN_PASSWORD_BYTES) {
      throw new SQLException(shortPassword(), "28P01");
    }
    String key = parsed.getProperty("sslkey");
    if (key != null) {
      String k = key.toLowerCase(Locale.ROOT);
      if (k.endsWith(".p12") || k.endsWith(".pfx")) {
        throw new SQLException(
            "sslkey="
                + key
                + " is PKCS#12, which the FIPS build cannot read (approved-only mode has no"
                + " PKCS#12): give the client certificate as sslcert=FILE (PEM) and its key as"
                + " sslkey=FILE.pk8, unencrypted PKCS#8 (docs/fips.md)");
      }
    }
    String cert = parsed.getProperty("sslcert");
    if (cert != null && ecKey(Path.of(cert))) {
      throw new SQLException(
          "the client certificate sslcert="
              + cert
              + " has an EC key, which the PostgreSQL driver never offers to BouncyCastle's JSSE"
              + " (which asks for EC keys by curve, where the driver looks for \"EC\"): use a"
              + " client certificate with an RSA key of 3072 bits or more, or password"
              + " authentication (docs/fips.md)");
    }
  }

  private static String shortPassword() {
    return "the password in "
        + LogDatabase.PASSWORD_ENV
        + " is shorter than "
        + MIN_PASSWORD_BYTES
        + " bytes, and the FIPS module in approved-only mode derives no SCRAM-SHA-256 key from a"
        + " password under 112 bits: give the database user a password of at least "
        + MIN_PASSWORD_BYTES
        + " characters (ALTER ROLE ... PASSWORD, with password_encryption = scram-sha-256) and"
        + " set "
        + LogDatabase.PASSWORD_ENV
        + " to it (docs/fips.md)";
  }

  /** Whether {@code file} holds a certificate whose key is EC; false if it cannot be read. */
  private static boolean ecKey(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey()
          instanceof ECPublicKey;
    } catch (IOException | GeneralSecurityException e) {
      return false; // the driver says what is wrong with it
    }
  }

  /** The module refused an operation of the login: which, and what to do. */
  private static SQLException unapproved(FipsUnapprovedOperationError e) {
    if (String.valueOf(e.getMessage()).startsWith("password")) {
      return new SQLException(shortPassword(), "28P01", e);
    }
    return new SQLException(
        "the FIPS module in approved-only mode refused the SCRAM-SHA-256 login ("
            + e.getMessage()
            + "): the server keeps this user's password in a form the module cannot use; set it"
            + " again on the server (ALTER ROLE ... PASSWORD, at least "
            + MIN_PASSWORD_BYTES
            + " characters, with password_encryption = scram-sha-256, whose salt is 16 bytes)"
            + " (docs/fips.md)",
        "28P01",
        e);
  }

  /** The driver's failure, said plainly where the FIPS line is the reason. */
  private static SQLException explained(SQLException e, Properties parsed) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof FipsUnapprovedOperationError u) {
        return unapproved(u);
      }
      if (c instanceof NoSuchAlgorithmException && String.valueOf(c.getMessage()).contains("MD5")) {
        return new SQLException(
            "the server asks for md5 password authentication, and MD5 is not an approved"
                + " algorithm: make it ask for scram-sha-256 (pg_hba.conf) and set the user's"
                + " password again with password_encryption = scram-sha-256 (docs/fips.md)",
            "28000",
            e);
      }
      if (c instanceof CertPathBuilderException
          || c instanceof CertPathValidatorException
          || c instanceof CertificateException) {
        return new SQLException(
            "the server's TLS certificate does not verify against sslrootcert="
                + parsed.getProperty("sslrootcert", "~/.postgresql/root.crt")
                + " ("
                + deepest(c)
                + "): give the certificate of the CA that signed the server's, in PEM",
            "08006",
            e);
      }
    }
    return e;
  }

  /** The innermost message of {@code t}'s causes. */
  private static String deepest(Throwable t) {
    String message = t.getMessage();
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        message = c.getMessage();
      }
    }
    return message == null ? t.getClass().getSimpleName() : message;
  }
}
