package org.prex.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses logins to an account after {@link #LIMIT} failed ones within {@link #WINDOW}, for {@link
 * #WINDOW} after the last (docs/console.md). While locked, even the right password is refused, and
 * the password is not checked against the account (the same Argon2 work is done on a decoy, so the
 * answer takes as long). Only password logins count and are refused: a client certificate proves
 * the card is there, and an anonymous guesser must not be able to keep its holder out. Kept in
 * memory.
 */
final class Lockout {
  static final int LIMIT = 5;
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
  private final Map<String, Object> guards = new ConcurrentHashMap<>();
  private final Clock clock;

  Lockout(Clock clock) {
    this.clock = clock;
  }

  /**
   * The object to hold while checking, hashing and counting one login of an account: attempts of
   * one account run one at a time, so parallel guesses cannot all pass the check before the first
   * failure is counted. One per existing account (never for names that match none).
   */
  Object guard(String user) {
    return guards.computeIfAbsent(user, u -> new Object());
  }

  /** Whether the account is locked now. */
  boolean locked(String user) {
    Deque<Instant> f = failures.get(user);
    if (f == null) {
      return false;
    }
    synchronized (f) {
      prune(f, clock.instant());
      return f.size() >= LIMIT;
    }
  }

  /** Counts a failed login; returns whether the account is now locked. */
  boolean failed(String user) {
    Deque<Instant> f = failures.computeIfAbsent(user, u -> new ArrayDeque<>());
    synchronized (f) {
      Instant now = clock.instant();
      prune(f, now);
      f.addLast(now);
      return f.size() >= LIMIT;
    }
  }

  /** A successful login clears the count. */
  void succeeded(String user) {
    failures.remove(user);
  }

  private static void prune(Deque<Instant> f, Instant now) {
    // locked accounts stay locked for WINDOW after their last failure
    if (f.size() >= LIMIT && now.isBefore(f.peekLast().plus(WINDOW))) {
      return;
    }
    while (!f.isEmpty() && !now.isBefore(f.peekFirst().plus(WINDOW))) {
      f.removeFirst();
    }
  }
}
