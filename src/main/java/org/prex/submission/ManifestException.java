package org.prex.submission;

import java.util.List;

/** A {@code submission.yaml} that cannot be used; every problem is named with its line. */
public final class ManifestException extends Exception {
  private final List<String> problems;

  public ManifestException(List<String> problems) {
    super(
        ManifestParser.FILE_NAME
            + ": "
            + problems.size()
            + " problem(s):\n  "
            + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each as {@code line N: …}, in the order found. */
  public List<String> problems() {
    return problems;
  }
}
