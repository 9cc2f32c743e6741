package org.prex.seal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;

/**
 * The stream a caller writes plaintext into: each byte goes once into the one signature and, via a
 * {@link Distributor}, into every recipient's literal data. Closing finishes every message with
 * that same signature; after any failure it only closes the sinks.
 */
final class FanOut extends OutputStream {
  private final PGPSignatureGenerator signature;
  private final List<SealedMessage> messages;
  private final Distributor distributor;
  private boolean failed;
  private boolean closed;

  FanOut(PGPSignatureGenerator signature, List<SealedMessage> messages, boolean threaded) {
    this.signature = signature;
    this.messages = List.copyOf(messages);
    this.distributor =
        threaded ? new ThreadedDistributor(this.messages) : Distributor.sequential(this.messages);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the sealing stream is closed");
    }
    if (failed) {
      throw new IOException("sealing failed earlier; the messages are incomplete");
    }
    try {
      signature.update(b, off, len);
      distributor.write(b, off, len);
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
    if (!failed) {
      try {
        distributor.drain();
      } catch (IOException | RuntimeException e) {
        failed = true;
        closeAll(null, e);
        throw e;
      }
    }
    if (failed) {
      distributor.abort();
      IOException e = new IOException("sealing failed: the sinks hold incomplete messages");
      closeAll(null, e);
      throw e;
    }
    PGPSignature sig;
    try {
      sig = signature.generate();
    } catch (PGPException | RuntimeException e) {
      IOException io =
          new IOException("cannot sign: " + e.getMessage(), new SealException(e.getMessage(), e));
      closeAll(null, io);
      throw io;
    }
    IOException first = closeAll(sig, null);
    if (first != null) {
      throw first;
    }
  }

  /**
   * Finishes (with {@code sig}) or abandons (without) every message, closing every sink; failures
   * are added to {@code into} if given, else the first is returned with the others suppressed.
   */
  private IOException closeAll(PGPSignature sig, Exception into) {
    IOException first = null;
    for (SealedMessage m : messages) {
      try {
        if (sig == null) {
          m.abandon();
        } else {
          m.finish(sig);
        }
      } catch (IOException | RuntimeException e) {
        if (into != null) {
          into.addSuppressed(e);
        } else if (first == null) {
          first = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    return first;
  }
}
