package org.prex.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutageTest {
  private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

  @Test
  void theFirstFailureTakesItDown_andOnlyTheFirst() {
    Outage o = new Outage();
    assertFalse(o.down());
    assertEquals(Duration.ZERO, o.waitBefore(T0));
    assertTrue(o.failed(T0));
    assertFalse(o.failed(T0.plusSeconds(1)));
    assertTrue(o.down());
    assertEquals(2, o.failures());
  }

  @Test
  void theWaitDoubles_upToAMinute() {
    Outage o = new Outage();
    Instant now = T0;
    long[] expected = {1, 2, 4, 8, 16, 32, 60, 60, 60};
    for (long seconds : expected) {
      o.failed(now);
      assertEquals(Duration.ofSeconds(seconds), o.waitBefore(now), "after failure at " + now);
      assertEquals(Duration.ofMillis(seconds * 1000 - 500), o.waitBefore(now.plusMillis(500)));
      now = now.plusSeconds(seconds);
      assertEquals(Duration.ZERO, o.waitBefore(now), "time for the next attempt");
    }
  }

  @Test
  void aSuccessEndsTheOutage_withItsCounts() {
    Outage o = new Outage();
    assertNull(o.succeeded(T0), "no outage to end");
    o.failed(T0);
    o.failed(T0.plusSeconds(1));
    o.failed(T0.plusSeconds(3));
    Outage.Ended ended = o.succeeded(T0.plusSeconds(90));
    assertEquals(3, ended.failedAttempts());
    assertEquals(Duration.ofSeconds(90), ended.length());
    assertFalse(o.down());
    assertEquals(Duration.ZERO, o.waitBefore(T0.plusSeconds(90)));
    assertTrue(o.failed(T0.plusSeconds(100)), "a new outage");
  }
}
