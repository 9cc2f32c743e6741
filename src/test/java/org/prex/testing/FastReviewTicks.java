package org.prex.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the review route of the exchanges a test class starts tick every 300 ms instead of every 5
 * s (docs/review-cycle.md), and puts the setting back after:
 * {@code @ExtendWith(FastReviewTicks.class)}.
 */
public final class FastReviewTicks implements BeforeAllCallback, AfterAllCallback {
  private static final String PERIOD = "prex.review.period";
  private String before;

  @Override
  public void beforeAll(ExtensionContext context) {
    before = System.getProperty(PERIOD);
    System.setProperty(PERIOD, "300");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (before == null) {
      System.clearProperty(PERIOD);
    } else {
      System.setProperty(PERIOD, before);
    }
  }
}
