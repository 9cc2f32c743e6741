package org.prex.serve;

import java.util.List;

/** The exchange refuses to start; every problem found is listed. */
public final class StartupException extends Exception {
  private final List<String> problems;

  public StartupException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
