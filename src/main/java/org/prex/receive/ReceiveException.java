package org.prex.receive;

/** A package could not be received: the message names what failed, never key material. */
public final class ReceiveException extends Exception {
  public ReceiveException(String message) {
    super(message);
  }

  public ReceiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
