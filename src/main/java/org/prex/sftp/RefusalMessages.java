package org.prex.sftp;

import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;

/**
 * Sends a {@link Refusal}'s own message with its status (which quota, which rule); every other
 * failure keeps MINA's generic text for its status, so no internal detail reaches a client.
 */
final class RefusalMessages implements SftpErrorStatusDataHandler {
  @Override
  public String resolveErrorMessage(
      SftpSubsystemEnvironment sftpSubsystem,
      int id,
      Throwable e,
      int subStatus,
      int cmd,
      Object... args) {
    if (e instanceof Refusal) {
      return e.getMessage();
    }
    return SftpErrorStatusDataHandler.super.resolveErrorMessage(
        sftpSubsystem, id, e, subStatus, cmd, args);
  }
}
