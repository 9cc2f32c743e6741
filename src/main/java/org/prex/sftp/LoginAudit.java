package org.prex.sftp;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.session.ServerUserAuthService;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports refused logins once per connection, when it closes without authenticating after naming a
 * user, so that a client trying several keys before the right one raises no false alarm, and a
 * client that offers no key at all (password only) is reported too.
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
   * The ssh-userauth service, recording the user name of every authentication request before MINA
   * handles it (MINA answers "none" and unsupported methods such as password itself, without a
   * hook).
   */
  static ServiceFactory userAuthService() {
    return new ServerUserAuthServiceFactory() {
      @Override
      public Service create(Session session) throws IOException {
        return new ServerUserAuthService(session) {
          @Override
          protected boolean handleUserAuthRequestMessage(
              ServerSession session, Buffer buffer, AtomicReference<Boolean> authHolder)
              throws Exception {
            recordUser(session, buffer);
            return super.handleUserAuthRequestMessage(session, buffer, authHolder);
          }
        };
      }
    };
  }

  private static void recordUser(ServerSession session, Buffer buffer) {
    int start = buffer.rpos();
    try {
      attempted(session, buffer.getString(), null);
    } catch (RuntimeException e) {
      LOG.debug("Unreadable user name in an authentication request: {}", e.toString());
    } finally {
      buffer.rpos(start);
    }
  }

  @Override
  public void sessionEvent(Session session, Event event) {
    if (event == Event.Authenticated) {
      LOG.debug(
          "SFTP login: {} from {}",
          LogSafe.user(session.getUsername()),
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
