package org.prex.deliver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.serve.IngestAccount;
import org.prex.testing.AgencySftpServer;

/**
 * Red team: two agencies whose targets are the same SFTP folder (or one agency's lane after a
 * reload, beside the old one still finishing). Each lane removed every partial folder it found
 * before its first attempt and after each failure, so one agency's cleanup deleted the other's
 * upload in flight: a spurious outage for it, and while one kept failing, the other's large uploads
 * were cut off at each of its retries. A lane removes only its own transfer's leftovers.
 */
class SharedFolderTest {
  private static final String USER = "shared-drop";

  @Test
  void anAgencysDelivery_leavesAnotherAgencysUploadInFlightAlone(@TempDir Path root)
      throws Exception {
    IngestAccount client = TargetFixture.client(root);
    Path files = TargetFixture.files(root);
    try (AgencySftpServer server = TargetFixture.agency(root, client, USER, s -> {})) {
      Path known = root.resolve("prex-side/known_hosts");
      Files.writeString(known, server.knownHostsLine() + "\n");
      String uri =
          "sftp://"
              + USER
              + "@127.0.0.1:"
              + server.port()
              + "/outbox?privateKeyFile="
              + client.privateKeyFile()
              + "&knownHostsFile="
              + known;
      SftpTarget nsa = SftpTarget.of("nsa", uri, root);
      // cisa's upload in flight, and a leftover of nsa's own cut-off attempt at its transfer
      Path cisaInFlight = files.resolve("outbox/.t-cisa.r1.partial");
      Files.createDirectories(cisaInFlight);
      Files.write(cisaInFlight.resolve("i-1.pgp"), new byte[] {1});
      Path nsaLeftover = files.resolve("outbox/.t-nsa.r0.partial");
      Files.createDirectories(nsaLeftover);
      Files.write(nsaLeftover.resolve("i-1.pgp"), new byte[] {2});

      Path pkg = root.resolve("staged/t-nsa");
      Files.createDirectories(pkg);
      Files.write(pkg.resolve("i-1.pgp"), new byte[] {3});
      nsa.put(pkg, "t-nsa");

      assertTrue(nsa.has("t-nsa"));
      assertFalse(Files.exists(nsaLeftover), "nsa's own cut-off attempt is removed");
      assertTrue(
          Files.exists(cisaInFlight.resolve("i-1.pgp")),
          "cisa's upload in flight was deleted by nsa's delivery");
    }
  }
}
