package org.prex.seal;

import java.io.IOException;
import java.util.List;

/** Hands plaintext on to every recipient's message. */
interface Distributor {
  /** Passes these bytes to every message (possibly later, on other threads). */
  void write(byte[] b, int off, int len) throws IOException;

  /** Returns once everything written has reached every message; throws if any failed. */
  void drain() throws IOException;

  /** Stops passing data on; returns once no other thread touches the messages any more. */
  void abort();

  /** Writes to each message in turn, on the caller's thread. */
  static Distributor sequential(List<SealedMessage> messages) {
    return new Distributor() {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (SealedMessage m : messages) {
          m.write(b, off, len);
        }
      }

      @Override
      public void drain() {}

      @Override
      public void abort() {}
    };
  }
}
