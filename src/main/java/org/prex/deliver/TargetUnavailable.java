package org.prex.deliver;

import java.io.IOException;

/**
 * A delivery target cannot take a package now. Its message is safe for logs: it names the agency
 * and the target (never key material, lab or file names), and says what went wrong.
 */
public final class TargetUnavailable extends IOException {
  public TargetUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
