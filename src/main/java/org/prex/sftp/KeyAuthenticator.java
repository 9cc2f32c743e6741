package org.prex.sftp;

import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public-key authentication against the configured keys only: each lab (and each agency with an
 * account) logs in as its id with one of its keys, the exchange as {@value DropBox#INGEST_USER}
 * with the ingest key. Nothing is read from any {@code authorized_keys} file.
 */
final class KeyAuthenticator implements PublickeyAuthenticator {

  static final String UNKNOWN_USER = "unknown user";
  static final String UNKNOWN_KEY = "key not registered for this user";
  private static final Logger LOG = LoggerFactory.getLogger(KeyAuthenticator.class);

  private final Map<String, List<PublicKey>> keysByUser;
  private final java.util.Set<String> agencies;
  private final int sessionsPerLab;

  KeyAuthenticator(Map<String, List<PublicKey>> labKeys, PublicKey ingestKey) {
    this(labKeys, Map.of(), ingestKey, DropBoxLimits.DEFAULT.sessionsPerLab());
  }

  KeyAuthenticator(Map<String, List<PublicKey>> labKeys, PublicKey ingestKey, int sessionsPerLab) {
    this(labKeys, Map.of(), ingestKey, sessionsPerLab);
  }

  /**
   * @param agencyKeys per agency with a drop-box account (docs/review-cycle.md), its keys; an
   *     agency id is never also a lab id ({@link DropBoxConfig} refuses that)
   */
  KeyAuthenticator(
      Map<String, List<PublicKey>> labKeys,
      Map<String, List<PublicKey>> agencyKeys,
      PublicKey ingestKey,
      int sessionsPerLab) {
    Map<String, List<PublicKey>> keys = new HashMap<>(labKeys);
    keys.putAll(agencyKeys);
    keys.put(DropBox.INGEST_USER, List.of(ingestKey));
    this.keysByUser = Map.copyOf(keys);
    this.agencies = java.util.Set.copyOf(agencyKeys.keySet());
    this.sessionsPerLab = sessionsPerLab;
  }

  /** The account an authenticated session is logged in as; null if not authenticated. */
  Account accountOf(SessionContext session) {
    return session != null && session.isAuthenticated() ? accountOf(session.getUsername()) : null;
  }

  /** The account {@code user} logs in as, if it is one. */
  Account accountOf(String user) {
    if (user == null || !keysByUser.containsKey(user)) {
      return null;
    }
    if (user.equals(DropBox.INGEST_USER)) {
      return Account.ingest();
    }
    return agencies.contains(user) ? Account.agency(user) : Account.lab(user);
  }

  @Override
  public boolean authenticate(String user, PublicKey key, ServerSession session) {
    List<PublicKey> keys = keysByUser.get(user);
    if (keys == null) {
      LoginAudit.attempted(session, user, UNKNOWN_USER);
      LOG.debug("Refused key for unknown user {}", LogSafe.user(user));
      return false;
    }
    for (PublicKey candidate : keys) {
      if (KeyUtils.compareKeys(candidate, key)) {
        if (!user.equals(DropBox.INGEST_USER)) {
          // MINA checks the user's session count against this right after this login succeeds
          CoreModuleProperties.MAX_CONCURRENT_SESSIONS.set(session, sessionsPerLab);
        }
        return true;
      }
    }
    LoginAudit.attempted(session, user, UNKNOWN_KEY);
    LOG.debug(
        "Refused unregistered key {} for {}", KeyUtils.getFingerPrint(key), LogSafe.user(user));
    return false;
  }
}
