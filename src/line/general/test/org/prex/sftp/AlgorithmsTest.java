package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.testing.SftpClient;

/**
 * The drop box offers modern algorithms only: OpenSSH clients that insist on SHA-1 MACs, SHA-1 or
 * finite-field key exchanges, CBC ciphers or an RSA/SHA-1 host key are refused before they can log
 * in, a client asking for pre-authentication zlib too, and a stock OpenSSH client negotiates what
 * the list prefers.
 */
class AlgorithmsTest {

  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();
  private static Path knownHosts;
  private static Path batch;

  @BeforeAll
  static void start() throws Exception {
    knownHosts = fx.dir.resolve("known_hosts");
    Files.writeString(knownHosts, fx.box.knownHostsLine() + "\n");
    batch = fx.dir.resolve("batch");
    Files.writeString(batch, "ls /inbox\n");
  }

  @Test
  void stockOpenSsh_logsIn_withAnAeadCipherAndAModernKeyExchange() throws Exception {
    String out = sftp("-v");
    assertTrue(out.contains("Authenticated to 127.0.0.1"), out);
    String kex = negotiated(out, "kex: algorithm: (\\S+)");
    assertTrue(
        List.of(
                "mlkem768x25519-sha256",
                "sntrup761x25519-sha512",
                "sntrup761x25519-sha512@openssh.com",
                "curve25519-sha256")
            .contains(kex),
        kex);
    assertTrue(out.contains("cipher: chacha20-poly1305@openssh.com"), out);
    assertTrue(out.contains("compression: none"), out);
  }

  @Test
  void hmacSha1_isRefused() {
    refused("-o", "Ciphers=aes128-ctr", "-o", "MACs=hmac-sha1");
    refused("-o", "Ciphers=aes128-ctr", "-o", "MACs=hmac-sha1-etm@openssh.com");
    refused("-o", "Ciphers=aes128-ctr", "-o", "MACs=hmac-md5");
  }

  @Test
  void sha1AndFiniteFieldKeyExchanges_areRefused() {
    refused("-o", "KexAlgorithms=diffie-hellman-group14-sha1");
    refused("-o", "KexAlgorithms=diffie-hellman-group1-sha1");
    refused("-o", "KexAlgorithms=diffie-hellman-group-exchange-sha1");
    refused("-o", "KexAlgorithms=diffie-hellman-group14-sha256");
  }

  @Test
  void cbcCiphers_areRefused() {
    refused("-o", "Ciphers=aes256-cbc");
    refused("-o", "Ciphers=3des-cbc");
  }

  @Test
  void anRsaOrDsaHostKey_isNotOffered() {
    refused("-o", "HostKeyAlgorithms=ssh-rsa");
    refused("-o", "HostKeyAlgorithms=rsa-sha2-256");
  }

  @Test
  void preAuthenticationZlib_isRefused() throws Exception {
    Session session = SftpClient.newSessionFor(fx.box, ACME, fx.privateKeyFile(ACME));
    session.setConfig("compression.s2c", "zlib");
    session.setConfig("compression.c2s", "zlib");
    JSchException e = assertThrows(JSchException.class, () -> session.connect(15_000));
    assertTrue(e.getMessage().toLowerCase().contains("algorithm negotiation fail"), e.getMessage());
    assertFalse(session.isConnected());
  }

  private static void refused(String... options) {
    IOException e = assertThrows(IOException.class, () -> sftp(options), String.join(" ", options));
    assertTrue(
        e.getMessage().contains("no matching") || e.getMessage().contains("Unable to negotiate"),
        e.getMessage());
    assertFalse(e.getMessage().contains("Authenticated to"), e.getMessage());
  }

  private static String sftp(String... options) throws Exception {
    return OpenSsh.sftp(batch, knownHosts, ACME, fx.privateKeyFile(ACME), options);
  }

  private static String negotiated(String verbose, String regex) {
    Matcher m = Pattern.compile(regex).matcher(verbose);
    assertTrue(m.find(), verbose);
    return m.group(1);
  }
}
