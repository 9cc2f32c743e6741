package org.prex.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** SSH key pairs made by the system's ssh-keygen, as a lab would make them. */
final class TestKeys {

  /** A private key file (OpenSSH format, no passphrase) and its public key. */
  record KeyFile(Path privateKey, PublicKey publicKey) {}

  private TestKeys() {}

  static KeyFile ed25519(Path dir, String name) throws IOException {
    return generate(dir, name, "ed25519");
  }

  /**
   * A lab's (or the ingest account's) key of the type the build's line takes ({@link SshLine}):
   * Ed25519 on the general line, ECDSA P-384 on the FIPS line.
   */
  static KeyFile lab(Path dir, String name) throws IOException {
    if (SshLine.HOST_KEY_TYPE.startsWith("ecdsa")) {
      Files.createDirectories(dir);
      Path key = dir.resolve(name);
      run(
          dir,
          "ssh-keygen",
          "-q",
          "-t",
          "ecdsa",
          "-b",
          "384",
          "-N",
          "",
          "-C",
          name + "@test",
          "-f",
          key.toString());
      return new KeyFile(key, readPublicKey(dir.resolve(name + ".pub")));
    }
    return ed25519(dir, name);
  }

  static KeyFile generate(Path dir, String name, String type) throws IOException {
    Files.createDirectories(dir);
    Path key = dir.resolve(name);
    run(dir, "ssh-keygen", "-q", "-t", type, "-N", "", "-C", name + "@test", "-f", key.toString());
    return new KeyFile(key, readPublicKey(dir.resolve(name + ".pub")));
  }

  static PublicKey readPublicKey(Path pubFile) throws IOException {
    AuthorizedKeyEntry entry = AuthorizedKeyEntry.readAuthorizedKeys(pubFile).get(0);
    try {
      return entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    } catch (GeneralSecurityException e) {
      throw new IOException("Cannot read public key " + pubFile, e);
    }
  }

  /** Runs a command, returns its combined output; fails unless it exits 0 within a minute. */
  static String run(Path dir, String... command) throws IOException {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command[0] + " did not finish in a minute");
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException(command[0] + " exited " + process.exitValue() + ": " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
