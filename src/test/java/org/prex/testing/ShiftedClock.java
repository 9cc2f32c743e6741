package org.prex.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system's UTC clock moved ahead by a shift a test sets: time passes without waiting. */
public final class ShiftedClock extends Clock {
  private volatile Duration shift = Duration.ZERO;

  /** Moves the clock ahead by {@code by}. */
  public void advance(Duration by) {
    shift = shift.plus(by);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(shift);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("a shifted clock is UTC only");
  }
}
