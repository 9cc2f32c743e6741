package org.prex.remote;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the FIPS line asks of JSch, the SSH client of prex's own sessions (its intake, receipts, the
 * review cycle, delivery to agencies' SFTP servers): only algorithms approved-only mode may use,
 * the same as the drop box offers (docs/fips.md). JSch's classes for these use the JCA, where the
 * FIPS module is the provider. An agency server that offers none of them is refused during the key
 * exchange, with the delivery failure naming the agency.
 */
final class JschLine {
  private JschLine() {}

  static final String KEX = "ecdh-sha2-nistp384,ecdh-sha2-nistp256,ecdh-sha2-nistp521";
  static final String CIPHERS =
      "aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr";
  static final String MACS =
      "hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512,hmac-sha2-256";
  static final String SIGNATURES =
      "ecdsa-sha2-nistp384,ecdsa-sha2-nistp256,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";

  /** Sets JSch's process-wide lists, before any session is opened. */
  static void configure() {
    JSch.setConfig("kex", KEX);
    JSch.setConfig("cipher.s2c", CIPHERS);
    JSch.setConfig("cipher.c2s", CIPHERS);
    JSch.setConfig("mac.s2c", MACS);
    JSch.setConfig("mac.c2s", MACS);
    JSch.setConfig("server_host_key", SIGNATURES);
    JSch.setConfig("PubkeyAcceptedAlgorithms", SIGNATURES);
  }

  /**
   * Why approved-only mode cannot check any host key {@code knownHosts} holds for {@code
   * host:port}: they are all of kinds it cannot verify (Ed25519, say), so the login would fail as a
   * host key mismatch, which reads like an attack. Empty when one can be checked, when there is
   * none for the server, or when the file cannot be read (each reported on its own).
   */
  static Optional<String> hostKeyProblem(Path knownHosts, String host, int port) {
    JSch jsch = new JSch();
    try {
      jsch.setKnownHosts(knownHosts.toString());
    } catch (JSchException e) {
      return Optional.empty();
    }
    String name = port == 22 ? host : "[" + host + "]:" + port;
    HostKey[] keys = jsch.getHostKeyRepository().getHostKey(name, null);
    if (keys == null || keys.length == 0) {
      return Optional.empty();
    }
    Set<String> types = new TreeSet<>();
    for (HostKey k : keys) {
      if (k.getType().startsWith("ecdsa-sha2-nistp") || k.getType().equals("ssh-rsa")) {
        return Optional.empty();
      }
      types.add(k.getType());
    }
    return Optional.of(
        "it holds only "
            + String.join(", ", types)
            + " host keys for "
            + name
            + ", which FIPS approved-only mode cannot check: add the server's ECDSA or RSA host"
            + " key, confirmed with its operator (ssh-keyscan -t ecdsa -p "
            + port
            + " "
            + host
            + ")");
  }

  private static final String OPENSSH = "-----BEGIN OPENSSH PRIVATE KEY-----";
  private static final byte[] OPENSSH_MAGIC =
      "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final String UNENCRYPTED =
      ": keep the key without a passphrase, readable by prex's user only (ssh-keygen -p -N ''"
          + " -f FILE; chmod 600 FILE)";
  private static final String ECDSA =
      ": make an ECDSA key (ssh-keygen -t ecdsa -b 384) and put its public half on the server";

  /**
   * Why approved-only mode may not log in with the key in {@code keyFile}, from the file's own
   * headers (nothing is decrypted): an Ed25519, Ed448 or DSA key cannot sign here, and a passphrase
   * in OpenSSH's format (bcrypt-pbkdf, JSch's own code) or in the old PEM format (MD5) is derived
   * outside the module. Empty when none of these, or when the file cannot be read (reported on its
   * own).
   */
  static Optional<String> identityProblem(Path keyFile) {
    String text;
    try {
      if (Files.size(keyFile) > 64 * 1024) {
        return Optional.empty();
      }
      text = Files.readString(keyFile, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (text.contains("-----BEGIN DSA PRIVATE KEY-----")) {
      return Optional.of("it is a DSA key, which cannot sign in FIPS approved-only mode" + ECDSA);
    }
    if (text.contains("Proc-Type: 4,ENCRYPTED")) {
      return Optional.of(
          "its passphrase is in the old PEM format, whose key derivation uses MD5, which FIPS"
              + " approved-only mode does not allow"
              + UNENCRYPTED);
    }
    int start = text.indexOf(OPENSSH);
    if (start < 0) {
      return Optional.empty();
    }
    int end = text.indexOf("-----END", start);
    byte[] blob;
    try {
      blob =
          Base64.getMimeDecoder()
              .decode(text.substring(start + OPENSSH.length(), end < 0 ? text.length() : end));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not readable: JSch says so
    }
    ByteBuffer b = ByteBuffer.wrap(blob);
    try {
      byte[] magic = new byte[OPENSSH_MAGIC.length];
      b.get(magic);
      if (!Arrays.equals(magic, OPENSSH_MAGIC)) {
        return Optional.empty();
      }
      String cipher = string(b);
      string(b); // kdf name
      string(b); // kdf options
      b.getInt(); // number of keys
      String type = string(ByteBuffer.wrap(bytes(b)));
      if (type.startsWith("ssh-ed") || type.startsWith("sk-ssh-ed") || type.equals("ssh-dss")) {
        return Optional.of(
            "it is an " + type + " key, which cannot sign in FIPS approved-only mode" + ECDSA);
      }
      if (!cipher.equals("none")) {
        return Optional.of(
            "its passphrase is in OpenSSH's format, whose key derivation (bcrypt-pbkdf) FIPS"
                + " approved-only mode does not allow"
                + UNENCRYPTED);
      }
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      return Optional.empty(); // not readable: JSch says so
    }
    return Optional.empty();
  }

  private static byte[] bytes(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("length " + n);
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  private static String string(ByteBuffer b) {
    return new String(bytes(b), StandardCharsets.US_ASCII);
  }
}
