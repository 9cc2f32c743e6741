package org.prex.deliver;

import java.time.Duration;
import java.time.Instant;

/**
 * An agency's circuit breaker: whether its target is down, since when, after how many failed
 * attempts, and when to try again. The first failure takes it down; each further failure doubles
 * the wait before the next attempt, from one second up to a minute; one success brings it back up.
 * Not thread-safe: it belongs to one {@link AgencyLane}'s thread.
 */
final class Outage {
  static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

  private Instant since;
  private int failures;
  private Duration wait = Duration.ZERO;
  private Instant next;

  /** What an outage was, when it ended. */
  record Ended(Instant since, Instant until, int failedAttempts) {
    Duration length() {
      return Duration.between(since, until);
    }
  }

  boolean down() {
    return since != null;
  }

  int failures() {
    return failures;
  }

  /**
   * Records a failed attempt.
   *
   * @return true when this failure takes the agency down (the first of an outage)
   */
  boolean failed(Instant now) {
    failures++;
    boolean first = since == null;
    if (first) {
      since = now;
      wait = FIRST_WAIT;
    } else {
      wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
    }
    next = now.plus(wait);
    return first;
  }

  /** How long to wait before the next attempt; zero when up or when it is time. */
  Duration waitBefore(Instant now) {
    if (since == null || !now.isBefore(next)) {
      return Duration.ZERO;
    }
    return Duration.between(now, next);
  }

  /**
   * Records a successful attempt.
   *
   * @return the outage it ends, or null when the agency was up
   */
  Ended succeeded(Instant now) {
    if (since == null) {
      return null;
    }
    Ended ended = new Ended(since, now, failures);
    since = null;
    failures = 0;
    wait = Duration.ZERO;
    next = null;
    return ended;
  }
}
