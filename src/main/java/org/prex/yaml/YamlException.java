package org.prex.yaml;

import java.util.List;

/** A YAML file that could not be read at all; the problem is named with its line. */
public final class YamlException extends Exception {
  private final List<String> problems;

  public YamlException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each as {@code line N: …}. */
  public List<String> problems() {
    return problems;
  }
}
