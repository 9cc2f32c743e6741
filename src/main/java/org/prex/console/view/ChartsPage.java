package org.prex.console.view;

import java.util.List;

/**
 * Two charts drawn on the server as SVG: bytes-free counts only. Volume per agency per day, and
 * outcomes per day, over the last {@code days} days.
 */
public record ChartsPage(
    int days,
    List<String> dayLabels,
    List<Series> volume,
    List<Series> outcomes,
    long max,
    long maxOutcomes) {

  /** One line of a chart: its name, its colour class, and a count per day. */
  public record Series(String name, String css, List<Long> counts) {
    public long total() {
      return counts.stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The bar's height in the chart's 0..160 units. */
  public static int height(long count, long max) {
    return max == 0 ? 0 : (int) Math.round(160.0 * count / max);
  }
}
