package org.prex.ingest;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lab's turn to take, shared by that lab's two ingest consumers (loose files and submission
 * folders): a lab takes one thing at a time, so it holds at most one of the ingest pool's threads
 * however large its uploads (docs/threat-model.md, "Each lab's takes run apart"). A consumer whose
 * lab is busy skips that poll and leaves the thread at once; it looks again at its next poll.
 *
 * <p>Also reports a failed poll of the drop box (cannot connect, host key mismatch, refused login)
 * in one line that names the lab and the cause but no file: Camel's own messages quote the lab's
 * file names, so its file-consumer loggers are kept quiet and this is what the operator sees. The
 * poll is retried.
 */
public final class IngestPollStrategy implements PollingConsumerPollStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPollStrategy.class);
  private final String lab;
  private final AtomicReference<Consumer> taking = new AtomicReference<>();
  private volatile String lastReported;

  public IngestPollStrategy(String lab) {
    this.lab = lab;
  }

  /**
   * The lab's turn, unless its other consumer is taking. A consumer that holds the turn when it
   * begins again ended its last poll in a way that skipped commit and rollback (an {@link Error}):
   * it never polls twice at once, so the turn is its own again, never stuck.
   */
  @Override
  public boolean begin(Consumer consumer, Endpoint endpoint) {
    return taking.compareAndSet(null, consumer) || taking.get() == consumer;
  }

  @Override
  public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
    taking.compareAndSet(consumer, null);
    if (lastReported != null) {
      LOG.info("the drop box can be polled again for lab {}", lab);
      lastReported = null;
    }
  }

  @Override
  public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
    taking.compareAndSet(consumer, null);
    String why = describe(cause);
    if (!why.equals(lastReported)) {
      LOG.warn("cannot poll the drop box for lab {}, retrying: {}", lab, why);
      lastReported = why;
    }
    return false;
  }

  /** The root cause's type, and its message only when it comes from the SSH layer (no paths). */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String type = root.getClass().getName();
    boolean ssh = type.startsWith("com.jcraft.jsch.") || root instanceof java.net.ConnectException;
    return ssh && root.getMessage() != null ? type + ": " + root.getMessage() : type;
  }
}
