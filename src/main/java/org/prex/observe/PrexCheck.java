package org.prex.observe;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One of prex's own readiness checks, in Camel's health-check registry beside Camel's checks of its
 * context and routes: up when {@code problem} gives null, else down with that problem in prex's own
 * words (never a library's message, which may quote a lab's file name).
 */
final class PrexCheck extends AbstractHealthCheck {
  static final String GROUP = "prex";

  private final Supplier<String> problem;

  PrexCheck(String id, Supplier<String> problem) {
    super(GROUP, id);
    this.problem = problem;
  }

  @Override
  public boolean isLiveness() {
    return false;
  }

  /** The problem in prex's words, or null when up. */
  String problem() {
    try {
      return problem.get();
    } catch (RuntimeException e) {
      return "the check failed: " + e.getClass().getSimpleName();
    }
  }

  @Override
  protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
    String p = problem();
    if (p == null) {
      builder.up();
    } else {
      builder.down().message(p);
    }
  }
}
