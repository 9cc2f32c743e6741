package org.prex.seal;

import java.nio.file.Path;

/** A key file cannot be used: names the file and the problem, never key material. */
public final class KeyFileException extends Exception {
  private final Path file;

  public KeyFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public KeyFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
