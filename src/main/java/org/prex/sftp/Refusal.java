package org.prex.sftp;

import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A request the drop box refuses with a status and a message the lab's client shows as they are
 * (e.g. JSch, WinSCP, paramiko; OpenSSH's {@code sftp} prints the status code's text only). The
 * message must be safe to send: it names the limit or the rule, never another lab's data.
 */
final class Refusal extends SftpException {
  private static final long serialVersionUID = 1L;

  private Refusal(int status, String message) {
    super(status, message);
  }

  /** {@code SSH_FX_QUOTA_EXCEEDED}, "quota exceeded: inbox-bytes 200GB". */
  static Refusal quota(String which, String limit) {
    return new Refusal(
        SftpConstants.SSH_FX_QUOTA_EXCEEDED, "quota exceeded: " + which + " " + limit);
  }

  /** {@code SSH_FX_INVALID_FILENAME}, with why. */
  static Refusal invalidName(String why) {
    return new Refusal(SftpConstants.SSH_FX_INVALID_FILENAME, "invalid name: " + why);
  }
}
