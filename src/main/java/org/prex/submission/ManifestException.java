package org.prex.submission;

import java.util.List;
import org.prex.text.ProblemsException;

/** A {@code submission.yaml} that cannot be used; every problem is named with its line. */
public final class ManifestException extends ProblemsException {
  /** Each problem as {@code line N: …}, in the order found. */
  public ManifestException(List<String> problems) {
    super(
        ManifestParser.FILE_NAME
            + ": "
            + problems.size()
            + " problem(s):\n  "
            + String.join("\n  ", problems),
        problems);
  }
}
