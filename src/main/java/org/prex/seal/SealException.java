package org.prex.seal;

/** A message could not be sealed or opened: says what failed, never key material. */
public final class SealException extends Exception {
  public SealException(String message) {
    super(message);
  }

  public SealException(String message, Throwable cause) {
    super(message, cause);
  }
}
