package org.prex.testing;

import java.nio.charset.StandardCharsets;
import org.prex.config.AgencyKeys;
import org.prex.config.Policy;
import org.prex.config.PolicyLoader;

/** Policies for tests, parsed from their YAML lines as an operator's policy.yaml is. */
public final class Policies {
  private Policies() {}

  /** The policy of these YAML lines, agencies' keys unchecked. */
  public static Policy parse(String... lines) throws Exception {
    return PolicyLoader.parse(
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
            AgencyKeys.UNCHECKED,
            null)
        .policy();
  }
}
