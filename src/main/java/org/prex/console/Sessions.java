package org.prex.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.prex.console.users.ConsoleUser;
import org.prex.console.users.Role;

/**
 * The console's logged-in sessions, in memory only (a restart logs everyone out). A session ends
 * after {@link #IDLE} without a request, or {@link #ABSOLUTE} after its login, whichever comes
 * first (docs/console.md). Ids and CSRF tokens are 256 random bits.
 */
final class Sessions {
  static final Duration IDLE = Duration.ofMinutes(15);
  static final Duration ABSOLUTE = Duration.ofHours(8);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Clock clock;

  Sessions(Clock clock) {
    this.clock = clock;
  }

  /**
   * One logged-in session. {@code how} is "password" or "client certificate"; {@code account} is
   * the account's line as it was at login.
   */
  static final class Session {
    final String id;
    final String user;
    final Role role;
    final ConsoleUser account;
    final String csrf;
    final String how;
    final Instant created;
    volatile Instant lastSeen;

    Session(String id, ConsoleUser account, String csrf, String how, Instant now) {
      this.id = id;
      this.account = account;
      this.user = account.name();
      this.role = account.role();
      this.csrf = csrf;
      this.how = how;
      this.created = now;
      this.lastSeen = now;
    }

    /** Whether {@code token} is this session's CSRF token, compared in constant time. */
    boolean csrfMatches(String token) {
      return token != null && sameSecret(csrf, token);
    }
  }

  static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static boolean sameSecret(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  Session open(ConsoleUser account, String how) {
    Session s = new Session(randomToken(), account, randomToken(), how, clock.instant());
    byId.put(s.id, s);
    return s;
  }

  /** The live session with this id, its idle time restarted; empty when none or it has ended. */
  Optional<Session> touch(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = byId.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(s, now)) {
      byId.remove(id);
      return Optional.empty();
    }
    s.lastSeen = now;
    return Optional.of(s);
  }

  private static boolean expired(Session s, Instant now) {
    return !now.isBefore(s.lastSeen.plus(IDLE)) || !now.isBefore(s.created.plus(ABSOLUTE));
  }

  void close(String id) {
    if (id != null) {
      byId.remove(id);
    }
  }

  /** Forgets the sessions that have ended. */
  void sweep() {
    Instant now = clock.instant();
    byId.values().removeIf(s -> expired(s, now));
  }
}
