package org.prex.cli;

/** A command could not do its job; the message is the error line, the hint optional. */
public final class CommandFailed extends RuntimeException {
  private final String hint;
  private final int exitCode;

  public CommandFailed(String message, String hint) {
    this(message, hint, 1);
  }

  public CommandFailed(String message, String hint, int exitCode) {
    super(message);
    this.hint = hint;
    this.exitCode = exitCode;
  }

  public String hint() {
    return hint;
  }

  public int exitCode() {
    return exitCode;
  }
}
