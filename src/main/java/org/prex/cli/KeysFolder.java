package org.prex.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --keys DIR} option of serve and {@code keys check} (a picocli mixin). */
final class KeysFolder {
  @Option(
      names = "--keys",
      defaultValue = "keys-example",
      description = "Keys folder (default: ${DEFAULT-VALUE}).")
  Path path;
}
