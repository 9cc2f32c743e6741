package org.prex.testing;

import java.nio.file.Path;

/**
 * The key set the tests use where the exchange's own keys are needed: on the general line the
 * repository's example keys ({@code keys-example/}, never for real use). The FIPS line has its own
 * class of this name.
 */
public final class ExampleKeys {
  private ExampleKeys() {}

  /** The set's folder, laid out as {@code keys init} lays one out. */
  public static Path dir() {
    return Path.of("keys-example");
  }
}
