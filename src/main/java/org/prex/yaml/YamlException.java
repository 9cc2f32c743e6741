package org.prex.yaml;

import java.util.List;
import org.prex.text.ProblemsException;

/** A YAML file that could not be read at all; the problem is named with its line. */
public final class YamlException extends ProblemsException {
  /** Each problem as {@code line N: …}. */
  public YamlException(List<String> problems) {
    super(String.join("; ", problems), problems);
  }
}
