package org.prex.seal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;

/**
 * The stream a caller writes plaintext into: each byte goes once into the one signature and into
 * every recipient's literal data. Closing finishes every message with the same signature.
 */
final class FanOut extends OutputStream {
  private final PGPSignatureGenerator signature;
  private final List<SealedMessage> messages;
  private boolean failed;
  private boolean closed;

  FanOut(PGPSignatureGenerator signature, List<SealedMessage> messages) {
    this.signature = signature;
    this.messages = List.copyOf(messages);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("sealing stream is closed");
    }
    if (failed) {
      throw new IOException("sealing failed earlier; the messages are incomplete");
    }
    try {
      signature.update(b, off, len);
      for (SealedMessage m : messages) {
        m.write(b, off, len);
      }
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (failed) {
      closeAll(null);
      throw new IOException("sealing failed: the sinks were closed with incomplete messages");
    }
    PGPSignature sig;
    try {
      sig = signature.generate();
    } catch (PGPException | RuntimeException e) {
      closeAll(null);
      throw new IOException("cannot sign: " + e.getMessage(), new SealException(e.getMessage(), e));
    }
    closeAll(sig);
  }

  /** Finishes (with a signature) or abandons every message; throws the first failure. */
  private void closeAll(PGPSignature sig) throws IOException {
    IOException first = null;
    for (SealedMessage m : messages) {
      try {
        if (sig == null) {
          m.abandon();
        } else {
          m.finish(sig);
        }
      } catch (IOException | RuntimeException e) {
        IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
        if (first == null) {
          first = io;
        } else {
          first.addSuppressed(io);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
