package org.prex.deliver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.serve.IngestAccount;
import org.prex.testing.AgencySftpServer;

/**
 * Red team: an agency server refuses the final rename of an upload, then never answers the next
 * request. After a failed step the upload looks whether the transfer is there after all (another
 * attempt's rename), and that look ran outside the stall watch: with the server still answering SSH
 * keep-alives, the lane waited for ever. Every remote step is under the read timeout.
 */
class RenameRefusedThenHangTest {
  @Test
  void aRefusedRenameFollowedBySilence_isCutOffByTheReadTimeout(@TempDir Path root)
      throws Exception {
    IngestAccount client = TargetFixture.client(root);
    AtomicBoolean renameRefused = new AtomicBoolean();
    CountDownLatch released = new CountDownLatch(1);
    try (AgencySftpServer server =
        TargetFixture.agency(
            root,
            client,
            s ->
                ((SftpSubsystemFactory) s.getSubsystemFactories().get(0))
                    .addSftpEventListener(
                        new SftpEventListener() {
                          @Override
                          public void moving(
                              ServerSession session,
                              Path src,
                              Path dst,
                              Collection<CopyOption> opts)
                              throws IOException {
                            renameRefused.set(true);
                            throw new java.nio.file.AccessDeniedException("rename refused");
                          }

                          @Override
                          public void received(ServerSession session, int type, int id) {
                            if (renameRefused.get()
                                && (type == SftpConstants.SSH_FXP_STAT
                                    || type == SftpConstants.SSH_FXP_LSTAT)) {
                              try {
                                released.await();
                              } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                              }
                            }
                          }
                        }))) {
      SftpTarget target =
          TargetFixture.target(root, client, server, server.port(), "&readTimeout=2000");
      Path pkg = TargetFixture.stagedPackage(root, "manifest.json.pgp", "sealed".getBytes());

      TargetFixture.Upload lane = new TargetFixture.Upload(target, pkg);
      boolean hung = lane.stillRunningAfter(15_000);
      released.countDown();
      assertFalse(hung, "the lane waits for ever for a server that went silent after a refusal");
      assertInstanceOf(TargetUnavailable.class, lane.failure());
    }
  }
}
