package org.prex.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Maps any failure of a command to an {@code error:} line (and {@code hint:}) and exit code. */
final class Errors implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    boolean verbose =
        parsed.hasMatchedOption("--verbose")
            || parsed.asCommandLineList().stream()
                .anyMatch(c -> c.getParseResult().hasMatchedOption("--verbose"));
    if (ex instanceof CommandFailed failed) {
      err.println("error: " + failed.getMessage());
      if (failed.hint() != null) {
        err.println("hint: " + failed.hint());
      }
      if (verbose) {
        ex.printStackTrace(err);
      }
      return failed.exitCode();
    }
    err.println("error: " + (ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage()));
    if (verbose) {
      ex.printStackTrace(err);
    } else {
      err.println("hint: run again with --verbose for details");
    }
    return 1;
  }
}
