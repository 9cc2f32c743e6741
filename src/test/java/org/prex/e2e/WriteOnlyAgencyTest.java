package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.prex.testing.SftpAgency.AGENCY;
import static org.prex.testing.SftpAgency.USER;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.testing.AgencySftpServer;
import org.prex.testing.Await;
import org.prex.testing.Events;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpAgency;

/**
 * Red team: many agencies' inboxes are write-only (uploads and renames allowed, listing refused).
 * The lane lists the folder to remove cut-off partial folders before its first attempt, and that
 * cleanup failing failed the attempt: such an agency was down for ever and got nothing. Cleanup is
 * housekeeping; it must not stand between a package and its agency.
 */
class WriteOnlyAgencyTest {

  @Test
  void anAgencyThatRefusesListing_stillGetsItsPackage(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    SftpAgency a = SftpAgency.under(root);
    try (AgencySftpServer server =
        AgencySftpServer.startTweaked(
            a.files(),
            a.hostKey(),
            USER,
            a.client().publicKey(),
            0,
            s ->
                ((SftpSubsystemFactory) s.getSubsystemFactories().get(0))
                    .addSftpEventListener(
                        new SftpEventListener() {
                          @Override
                          public void opening(
                              ServerSession session, String remoteHandle, Handle localHandle)
                              throws IOException {
                            if (localHandle instanceof DirectoryHandle) {
                              throw new java.nio.file.AccessDeniedException("listing refused");
                            }
                          }
                        }))) {
      a.trust(server);
      Files.createDirectories(a.files().resolve("outbox")); // the agency's inbox, there already
      a.deliverTo(d, server.port());
      try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
        exchange.uploadEvaluation();
        Await.until(
            "nsa, whose inbox cannot be listed, gets its package",
            Duration.ofSeconds(60),
            () -> Events.count(d, EventType.DELIVERED, AGENCY) == 1);
        assertEquals(1, a.transfers().size());
      }
    }
  }
}
