package org.prex.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data DIR} option every audit command takes (a picocli mixin). */
final class DataFolder {
  @Option(
      names = "--data",
      defaultValue = "data",
      description = "Data folder (default: ${DEFAULT-VALUE}).")
  Path path;
}
