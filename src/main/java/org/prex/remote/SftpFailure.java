package org.prex.remote;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchSessionDisconnectException;
import com.jcraft.jsch.SftpException;
import java.io.IOException;

/**
 * Why an SFTP session could not be had or went on no longer, told from the SSH library's exception
 * types and SFTP status codes, never from their message text (docs/delivery.md, "The SFTP client").
 * The users of the session word it for their own operators: the drop box client as "drop box …", a
 * delivery target as "agency …". Every kind is one to retry later or to fix in the configuration;
 * none is a problem of the submission.
 */
public final class SftpFailure extends IOException {
  private static final long serialVersionUID = 1L;

  /** SSH_FX_FILE_ALREADY_EXISTS (SFTP v5 and later; some v3 servers send it too). */
  public static final int SSH_FX_FILE_ALREADY_EXISTS = 11;

  /** SSH_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE: the server ends a login it refuses. */
  private static final int NO_MORE_AUTH_METHODS = 14;

  /** What went wrong. */
  public enum Kind {
    /** The known_hosts file is not there. */
    KNOWN_HOSTS_MISSING,
    /** The known_hosts file cannot be read as one. */
    KNOWN_HOSTS_UNREADABLE,
    /** The private key file is not there. */
    KEY_MISSING,
    /** The private key file holds no key the SSH library can read. */
    KEY_UNREADABLE,
    /**
     * The private key is of a kind, or protected in a way, this build's line may not use (the FIPS
     * line: an Ed25519 key, a passphrase OpenSSH or PEM protects with a non-approved derivation);
     * {@link #causeName()} says which, and what to do.
     */
    KEY_NOT_APPROVED,
    /** The private key is encrypted and no passphrase was given. */
    KEY_ENCRYPTED,
    /** The passphrase given does not decrypt the private key. */
    WRONG_PASSPHRASE,
    /** The server's host key is not the one in known_hosts (unknown, changed or revoked). */
    HOST_KEY,
    /** The server and the client have no key-exchange, cipher or MAC algorithm in common. */
    ALGORITHMS,
    /** The server refused the login with the key. */
    LOGIN_REFUSED,
    /** The login did not complete within the connect timeout. */
    LOGIN_TIMED_OUT,
    /** No connection: refused, timed out, unknown host, broken, or ended by the server. */
    UNREACHABLE,
    /** A step after the login made no progress within the read timeout, and was cut off. */
    STALLED,
    /** The server closed the connection during a step. */
    CLOSED
  }

  private final Kind kind;
  private final String causeName;

  SftpFailure(Kind kind, String causeName, Throwable cause) {
    super(kind + (causeName == null ? "" : " (" + causeName + ")"), cause);
    this.kind = kind;
    this.causeName = causeName;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * For {@link Kind#UNREACHABLE}: the type of what broke the connection ({@code ConnectException},
   * {@code SocketTimeoutException}, …), or "connection failed"; safe to log.
   */
  public String causeName() {
    return causeName == null ? "connection failed" : causeName;
  }

  /**
   * The kind of a failed login: the exception's type first; then an I/O cause means no connection;
   * a plain failure once the server has shown its host key (and the key was accepted, or a {@link
   * JSchHostKeyException} would have come) is the login refused.
   *
   * @param hostKeySeen whether the session got as far as the server's host key
   */
  public static Kind ofLogin(JSchException e, boolean hostKeySeen) {
    if (e instanceof JSchHostKeyException) {
      return Kind.HOST_KEY;
    }
    if (e instanceof JSchAlgoNegoFailException) {
      return Kind.ALGORITHMS;
    }
    if (e instanceof JSchSessionDisconnectException d) {
      return d.getReasonCode() == NO_MORE_AUTH_METHODS ? Kind.LOGIN_REFUSED : Kind.UNREACHABLE;
    }
    if (e.getCause() != null) {
      return Kind.UNREACHABLE;
    }
    return hostKeySeen ? Kind.LOGIN_REFUSED : Kind.UNREACHABLE;
  }

  /** A failed login, typed by {@link #ofLogin}. */
  static SftpFailure login(JSchException e, boolean hostKeySeen) {
    Kind kind = ofLogin(e, hostKeySeen);
    Throwable cause = e.getCause();
    String name =
        kind == Kind.UNREACHABLE && cause != null ? cause.getClass().getSimpleName() : null;
    return new SftpFailure(kind, name, e);
  }

  static SftpFailure notApproved(String why) {
    return new SftpFailure(Kind.KEY_NOT_APPROVED, why, null);
  }

  static SftpFailure of(Kind kind, Throwable cause) {
    return new SftpFailure(kind, null, cause);
  }

  /** Whether the SFTP status says the file or folder is not there. */
  public static boolean isMissing(SftpException e) {
    return e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE;
  }

  /** An SFTP status in words, for messages. */
  public static String status(int id) {
    return switch (id) {
      case ChannelSftp.SSH_FX_EOF -> "end of file";
      case ChannelSftp.SSH_FX_NO_SUCH_FILE -> "no such file";
      case ChannelSftp.SSH_FX_PERMISSION_DENIED -> "permission denied";
      case ChannelSftp.SSH_FX_BAD_MESSAGE -> "bad message";
      case ChannelSftp.SSH_FX_NO_CONNECTION -> "no connection";
      case ChannelSftp.SSH_FX_CONNECTION_LOST -> "connection lost";
      case ChannelSftp.SSH_FX_OP_UNSUPPORTED -> "operation unsupported";
      case SSH_FX_FILE_ALREADY_EXISTS -> "file already exists";
      default -> "failed";
    };
  }
}
