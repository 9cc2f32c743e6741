package org.prex.sftp;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections that have not logged in yet, from anyone (like OpenSSH's {@code
 * MaxStartups}): past the cap a new connection is closed at once, so that clients that connect and
 * never authenticate cannot take every slot until the authentication timeout. Logged-in sessions
 * are capped per lab by MINA's per-user session limit, set at login ({@link KeyAuthenticator}).
 */
final class ConnectionLimits implements SessionListener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

  private final int maxUnauthenticated;
  private final Set<Session> unauthenticated = Collections.newSetFromMap(new IdentityHashMap<>());

  ConnectionLimits(int maxUnauthenticated) {
    this.maxUnauthenticated = maxUnauthenticated;
  }

  @Override
  public void sessionCreated(Session session) {
    boolean admitted;
    synchronized (unauthenticated) {
      admitted = unauthenticated.size() < maxUnauthenticated;
      if (admitted) {
        unauthenticated.add(session);
      }
    }
    if (!admitted) {
      LOG.warn(
          "SFTP connection from {} refused: {} connections have not logged in yet (at most {})",
          LogSafe.address(session.getRemoteAddress()),
          maxUnauthenticated,
          maxUnauthenticated);
      session.close(true);
    }
  }

  @Override
  public void sessionEvent(Session session, Event event) {
    if (event == Event.Authenticated) {
      forget(session);
    }
  }

  @Override
  public void sessionClosed(Session session) {
    forget(session);
  }

  /** How many connections have not logged in yet (for tests). */
  int unauthenticated() {
    synchronized (unauthenticated) {
      return unauthenticated.size();
    }
  }

  private void forget(Session session) {
    synchronized (unauthenticated) {
      unauthenticated.remove(session);
    }
  }
}
