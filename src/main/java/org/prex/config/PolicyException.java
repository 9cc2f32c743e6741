package org.prex.config;

import java.nio.file.Path;
import java.util.List;
import org.prex.text.ProblemsException;

/** The routing policy cannot be used; every problem is named with its line. */
public final class PolicyException extends ProblemsException {
  public PolicyException(Path file, List<String> problems) {
    super(
        file + ": " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems),
        problems);
  }
}
