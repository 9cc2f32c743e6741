package org.prex.serve;

import java.util.List;
import org.prex.text.ProblemsException;

/** The exchange refuses to start; every problem found is listed. */
public final class StartupException extends ProblemsException {
  public StartupException(List<String> problems) {
    super(String.join("; ", problems), problems);
  }
}
