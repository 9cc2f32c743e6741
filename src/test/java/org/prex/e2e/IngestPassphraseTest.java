package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.keys.KeySet;
import org.prex.sftp.DropBox;
import org.prex.sftp.DropBoxConfig;
import org.prex.sftp.DropBoxListener;
import org.prex.testing.Await;
import org.prex.testing.Cli.Run;
import org.prex.testing.ForkedServe;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * The {@code --ingest} key's passphrase never goes on the command line: {@code serve} refuses an
 * {@code --ingest} URI that carries one, and takes it from env {@code PREX_INGEST_PASSPHRASE} or
 * from the file env {@code PREX_INGEST_PASSPHRASE_FILE} names. Shown with a forked {@code serve}
 * ingesting, with an encrypted OpenSSH key, from an external SFTP server.
 */
class IngestPassphraseTest {
  static final String PASSPHRASE = "correct horse & battery=staple #1";

  @Test
  void aPassphraseOnTheCommandLine_isRefused() {
    Run served =
        prex(
            "serve",
            "--ingest",
            "sftp://prex@127.0.0.1:22/?privateKeyFile=k&knownHostsFile=kh"
                + "&privateKeyPassphrase=hunter2");
    String err = served.err();
    assertEquals(2, served.code(), err);
    assertTrue(err.contains("must not carry privateKeyPassphrase"), err);
    assertTrue(err.contains("PREX_INGEST_PASSPHRASE"), err);
    assertFalse(err.contains("hunter2"), "the secret is not repeated");
  }

  @Test
  void anEncryptedIngestKey_opensWithThePassphraseFromAFile(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Path key = root.resolve("ingest_ed25519");
    Process keygen =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, keygen.waitFor());
    PublicKey ingestPublic =
        PublicKeyEntry.parsePublicKeyEntry(Files.readString(Path.of(key + ".pub")).trim())
            .resolvePublicKey(null, Map.of(), null);
    KeySet keys = KeySet.load(d.keys(), new char[0]);
    try (DropBox external =
        DropBox.start(
            new DropBoxConfig(
                "127.0.0.1",
                0,
                root.resolve("ext"),
                root.resolve("ext_host_key"),
                keys.labSshKeys(),
                ingestPublic,
                new DropBoxListener() {}))) {
      Path knownHosts = root.resolve("ext.known_hosts");
      Files.writeString(knownHosts, external.knownHostsLine() + "\n");
      try (SftpClient lab =
          SftpClient.connect(external, "acme-ai", d.keys().resolve("labs/acme-ai"))) {
        lab.put("/inbox/system-card.md", "# System card\n".getBytes(StandardCharsets.UTF_8));
      }
      Path secret = root.resolve("ingest.passphrase");
      Files.writeString(secret, PASSPHRASE + "\n");
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
      String ingest =
          "sftp://prex-ingest@127.0.0.1:"
              + external.port()
              + "/?privateKeyFile="
              + key
              + "&knownHostsFile="
              + knownHosts;
      try (ForkedServe serve =
          ForkedServe.start(
              d,
              "077",
              null,
              Map.of("PREX_INGEST_PASSPHRASE_FILE", secret.toString()),
              "--ingest",
              ingest)) {
        Await.until(
            "the upload ingested with the encrypted key and delivered",
            Duration.ofSeconds(90),
            () ->
                !serve.process().isAlive()
                    || RunningExchange.ELIGIBLE.stream().allMatch(a -> transfers(d, a) == 1));
        assertTrue(serve.process().isAlive(), serve.output());
        assertFalse(serve.output().contains(PASSPHRASE), "the passphrase is never logged");
        assertFalse(
            ProcessHandle.of(serve.process().pid())
                .flatMap(h -> h.info().commandLine())
                .orElse("")
                .contains(PASSPHRASE),
            "nor on serve's command line");
      }
    }
  }

  private static long transfers(Deployment d, String agency) {
    try (var s = Files.list(d.outbox().resolve(agency))) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
