package org.prex.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --routes DIR} option of serve and the policy commands (a picocli mixin). */
final class RoutesFolder {
  @Option(
      names = "--routes",
      defaultValue = "routes",
      description = "Routes and policy folder (default: ${DEFAULT-VALUE}).")
  Path path;
}
