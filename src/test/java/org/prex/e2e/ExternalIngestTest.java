package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.keys.KeySet;
import org.prex.serve.IngestAccount;
import org.prex.sftp.DropBox;
import org.prex.sftp.DropBoxConfig;
import org.prex.sftp.DropBoxListener;
import org.prex.testing.Await;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * {@code serve --ingest sftp://…}: prex ingests loose files and submission folders from an SFTP
 * server it does not run (here a second embedded server), checking that server's host key strictly,
 * and writes the lab's receipts back there.
 */
class ExternalIngestTest {

  @Test
  void uploadsOnAnExternalServer_areIngestedAndDelivered(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    IngestAccount account =
        IngestAccount.create(root.resolve("ext-account"), root.resolve("ext.known_hosts"));
    try (DropBox external = startExternal(root, d, account)) {
      account.trustHost(external.knownHostsLine());
      try (SftpClient lab =
          SftpClient.connect(external, "acme-ai", d.keys().resolve("labs/acme-ai"))) {
        lab.put("/inbox/system-card.md", "# System card\n".getBytes(StandardCharsets.UTF_8));
        lab.channel().mkdir("/inbox/aurora");
        lab.put("/inbox/aurora/card.md", "# Model card\n".getBytes(StandardCharsets.UTF_8));
        lab.put(
            "/inbox/aurora/submission.yaml",
            String.join(
                    "\n",
                    "reference: external",
                    "release-date: " + java.time.LocalDate.now().plusDays(3),
                    "recipients: [caisi]",
                    "items:",
                    "  - path: card.md",
                    "")
                .getBytes(StandardCharsets.UTF_8));
      }
      String ingest = uri(external, account) + "&delay=700";
      try (RunningExchange exchange = RunningExchange.start(root, d, ingest)) {
        assertEquals(
            700,
            ((org.apache.camel.component.file.remote.SftpEndpoint)
                    exchange.server.camelContext().getRoute("ingest-acme-ai").getEndpoint())
                .getDelay(),
            "--ingest's delay, given once");
        assertEquals(
            false,
            ((org.prex.ingest.IngestReadLock)
                    (Object)
                        ((org.apache.camel.component.file.remote.SftpEndpoint)
                                exchange
                                    .server
                                    .camelContext()
                                    .getRoute("ingest-acme-ai")
                                    .getEndpoint())
                            .getExclusiveReadLockStrategy())
                .knowsOpenUploads(),
            "an external server's files are watched until they stop changing");
        Await.until(
            "both submissions delivered from the external server, receipts written back",
            Duration.ofSeconds(60),
            () ->
                RunningExchange.ELIGIBLE.stream()
                        .allMatch(a -> exchange.transfers(a).size() == (a.equals("caisi") ? 2 : 1))
                    && list(root.resolve("ext/acme-ai/receipts")).size() == 2);
        assertEquals(List.of(), list(root.resolve("ext/acme-ai/inbox")));
      }
    }
  }

  @Test
  void anExternalServerWithAnUnexpectedHostKey_isNotIngestedFrom(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    IngestAccount account =
        IngestAccount.create(root.resolve("ext-account"), root.resolve("ext.known_hosts"));
    try (DropBox external = startExternal(root, d, account)) {
      try (SftpClient lab =
          SftpClient.connect(external, "acme-ai", d.keys().resolve("labs/acme-ai"))) {
        lab.put("/inbox/system-card.md", "# System card\n".getBytes(StandardCharsets.UTF_8));
      }
      // known_hosts names the port's host with a key that is not the server's
      Path other = root.resolve("impostor");
      Process p =
          new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())
              .redirectErrorStream(true)
              .start();
      assertEquals(0, p.waitFor());
      String[] pub = Files.readString(Path.of(other + ".pub")).trim().split(" ");
      String host = external.knownHostsLine().split(" ")[0];
      account.trustHost(host + " " + pub[0] + " " + pub[1]);
      try (RunningExchange exchange = RunningExchange.start(root, d, uri(external, account))) {
        // several polls pass: nothing may be taken from a server with a wrong host key
        Thread.sleep(6000);
        assertEquals(List.of(), exchange.transfers("caisi"));
        assertEquals(
            List.of("system-card.md"),
            list(root.resolve("ext/acme-ai/inbox")),
            "nothing is taken from a server whose host key does not match");
      }
    }
  }

  private static DropBox startExternal(Path root, Deployment d, IngestAccount account)
      throws Exception {
    KeySet keys = KeySet.load(d.keys(), new char[0]);
    return DropBox.start(
        new DropBoxConfig(
            "127.0.0.1",
            0,
            root.resolve("ext"),
            root.resolve("ext_host_key"),
            keys.labSshKeys(),
            account.publicKey(),
            new DropBoxListener() {}));
  }

  private static String uri(DropBox external, IngestAccount account) {
    return "sftp://prex-ingest@127.0.0.1:"
        + external.port()
        + "/?privateKeyFile="
        + account.privateKeyFile()
        + "&knownHostsFile="
        + account.knownHostsFile();
  }

  private static List<String> list(Path dir) {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }
}
