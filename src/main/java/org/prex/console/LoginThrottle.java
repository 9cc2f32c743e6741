package org.prex.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the work an unauthenticated client can make the console do: each password login costs a
 * password hash (Argon2id: about 19 MiB and tens of milliseconds; PBKDF2-HMAC-SHA512 on the FIPS
 * line: about half a second of one core), whether or not the account exists. At most {@link
 * #PER_ADDRESS} attempts per {@link #WINDOW} from one address, and at most {@link #CONCURRENT}
 * hashes at once across all (docs/console.md).
 */
final class LoginThrottle {
  static final int PER_ADDRESS = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final int CONCURRENT = 2;

  /** Addresses tracked at most: beyond, the oldest windows are dropped first. */
  private static final int MAX_ADDRESSES = 10_000;

  private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();
  private final Semaphore hashing = new Semaphore(CONCURRENT, true);
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** What the throttle says about one more attempt from an address. */
  enum Verdict {
    /** Go on. */
    ALLOWED,
    /** Refused: the first refusal in this window (worth a log event). */
    REFUSED_FIRST,
    /** Refused again in the same window (not logged again: that would let a flood fill the log). */
    REFUSED_AGAIN
  }

  Verdict attempt(String address) {
    Instant now = clock.instant();
    if (attempts.size() > MAX_ADDRESSES) {
      attempts.values().removeIf(d -> d.isEmpty() || !now.isBefore(last(d).plus(WINDOW)));
    }
    Deque<Instant> d = attempts.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (d) {
      while (!d.isEmpty() && !now.isBefore(d.peekFirst().plus(WINDOW))) {
        d.removeFirst();
      }
      if (d.size() >= PER_ADDRESS) {
        return d.size() == PER_ADDRESS && d.add(now)
            ? Verdict.REFUSED_FIRST
            : Verdict.REFUSED_AGAIN;
      }
      d.addLast(now);
      return Verdict.ALLOWED;
    }
  }

  private static Instant last(Deque<Instant> d) {
    synchronized (d) {
      return d.isEmpty() ? Instant.MIN : d.peekLast();
    }
  }

  /**
   * Runs a password check with one of the hashing permits; false when none came free within 5 s
   * (the console is busy: the login is refused, not queued without bound).
   */
  boolean withPermit(Runnable check) {
    try {
      if (!hashing.tryAcquire(5, TimeUnit.SECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      check.run();
      return true;
    } finally {
      hashing.release();
    }
  }
}
