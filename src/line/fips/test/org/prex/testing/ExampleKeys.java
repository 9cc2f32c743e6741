package org.prex.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.prex.keys.KeyInit;

/**
 * The key set the tests use where the exchange's own keys are needed: on the FIPS line, whose
 * module refuses the repository's Ed25519 example keys, a set made once per test JVM by {@code keys
 * init} (P-384), with the example set's labs and agencies. The general line has its own class of
 * this name.
 */
public final class ExampleKeys {
  private static Path dir;

  private ExampleKeys() {}

  /** The set's folder, laid out as {@code keys init} lays one out. */
  public static synchronized Path dir() {
    if (dir == null) {
      try {
        Path parent = Files.createTempDirectory("prex-fips-example-keys");
        Path keys = parent.resolve("keys");
        KeyInit.init(
            keys, true, List.of("acme-ai"), List.of("caisi", "cisa", "doe-labs", "nsa", "uk-aisi"));
        dir = keys;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make the FIPS line's test keys", e);
      }
    }
    return dir;
  }
}
