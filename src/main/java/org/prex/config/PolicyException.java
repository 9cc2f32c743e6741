package org.prex.config;

import java.nio.file.Path;
import java.util.List;

/** The routing policy cannot be used; every problem is named with its line. */
public final class PolicyException extends Exception {
  private final List<String> problems;

  public PolicyException(Path file, List<String> problems) {
    super(file + ": " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
