package org.prex.sftp;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.auth.AbstractUserAuth;
import org.apache.sshd.server.auth.AbstractUserAuthFactory;
import org.apache.sshd.server.auth.UserAuth;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports refused logins once per connection, when it closes without authenticating, so that a client
 * trying several keys before the right one raises no false alarm. The user a client named is recorded
 * from its first request: SSH clients start with the "none" method (which always fails here) to learn
 * the accepted methods, then try their keys.
 */
final class LoginAudit implements SessionListener {

  private static final Logger LOG = LoggerFactory.getLogger(LoginAudit.class);
  private static final AttributeKey<String> USER = new AttributeKey<>();
  private static final AttributeKey<String> REASON = new AttributeKey<>();
  static final String NO_KEY_OFFERED = "no public key offered";

  private final DropBoxListener listener;

  LoginAudit(DropBoxListener listener) {
    this.listener = listener;
  }

  /** Records the user a client asked for in {@code session}, and why it was refused so far. */
  static void attempted(ServerSession session, String user, String reason) {
    session.setAttribute(USER, user == null ? "" : user);
    if (reason != null) {
      session.setAttribute(REASON, reason);
    }
  }

  /**
   * The "none" authentication method: always fails (as in OpenSSH), and records the user name. It is
   * never advertised to clients.
   */
  static UserAuthFactory noneMethod() {
    return new AbstractUserAuthFactory("none") {
      @Override
      public UserAuth createUserAuth(ServerSession session) {
        return new AbstractUserAuth("none") {
          @Override
          protected Boolean doAuth(Buffer buffer, boolean init) {
            attempted(getServerSession(), getUsername(), null);
            return Boolean.FALSE;
          }
        };
      }
    };
  }

  @Override
  public void sessionEvent(Session session, Event event) {
    if (event == Event.Authenticated) {
      LOG.debug("SFTP login: {} from {}", LogSafe.user(session.getUsername()),
          LogSafe.address(session.getRemoteAddress()));
    }
  }

  @Override
  public void sessionClosed(Session session) {
    String user = session.getAttribute(USER);
    if (session.isAuthenticated() || user == null) {
      return;
    }
    String reason = session.getAttribute(REASON);
    if (reason == null) {
      reason = NO_KEY_OFFERED;
    }
    String address = LogSafe.address(session.getRemoteAddress());
    LOG.warn("SFTP login refused: user {} from {}: {}", LogSafe.user(user), address, reason);
    try {
      listener.loginRefused(user, address, reason);
    } catch (RuntimeException e) {
      LOG.warn("Drop box listener failed on a refused login: {}", e.toString());
    }
  }
}
