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
 * the password is not checked at all (no Argon2 work for a guesser). Kept in memory.
 */
final class Lockout {
  static final int LIMIT = 5;
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  Lockout(Clock clock) {
    this.clock = clock;
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
