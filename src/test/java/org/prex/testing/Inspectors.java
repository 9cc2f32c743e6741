package org.prex.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.prex.config.Policy;
import org.prex.inspect.Inspector;

/** The out-of-process inspector as the designation tests run it: one worker, a small heap. */
public final class Inspectors {
  private Inspectors() {}

  /** An inspector under {@code root/inspect} reading {@code policy}'s legacy markings. */
  public static Inspector small(Path root, Policy policy) throws Exception {
    return new Inspector(
        root.resolve("inspect"), Duration.ofSeconds(60), policy.legacyMarkings(), 1, "128m");
  }
}
