package org.prex.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.prex.files.OwnerOnly;

/**
 * The exchange's own account on the embedded drop box ({@code prex-ingest}): a fresh key pair at
 * every start, its private key written owner-only for the SFTP consumer, and a known_hosts file
 * holding only the drop box's host key, so that even this loopback connection checks host keys.
 */
public record IngestAccount(PublicKey publicKey, Path privateKeyFile, Path knownHostsFile) {
  // Only the public key is held: the private one is written to privateKeyFile for the SFTP
  // consumer and not kept in memory, so no accessor can hand it out.

  public static IngestAccount create(Path dir, Path knownHostsFile) throws IOException {
    KeyPair pair;
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      pair = gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make the ingest account's key", e);
    }
    OwnerOnly.createFolders(dir);
    Path key = dir.resolve("id_ecdsa");
    Files.deleteIfExists(key);
    Files.createFile(
        key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(key, StandardOpenOption.TRUNCATE_EXISTING)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "prex-ingest", null, out);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the ingest account's key", e);
    }
    return new IngestAccount(pair.getPublic(), key, knownHostsFile);
  }

  public void trustHost(String knownHostsLine) throws IOException {
    OwnerOnly.writeString(knownHostsFile, knownHostsLine + "\n");
  }
}
