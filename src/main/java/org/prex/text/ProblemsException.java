package org.prex.text;

import java.util.List;

/**
 * A refusal that lists every problem found rather than stopping at the first: a policy, a manifest,
 * a YAML file, the exchange's start.
 */
public abstract class ProblemsException extends Exception {
  private final List<String> problems;

  protected ProblemsException(String message, List<String> problems) {
    super(message);
    this.problems = List.copyOf(problems);
  }

  /** Each problem, in the order found. */
  public List<String> problems() {
    return problems;
  }
}
