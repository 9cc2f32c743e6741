package org.prex.ingest;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a failed poll of the drop box (cannot connect, host key mismatch, refused login) in one
 * line that names the cause but no file: Camel's own messages quote the lab's file names, so its
 * file-consumer loggers are kept quiet and this is what the operator sees. The poll is retried.
 */
public final class IngestPollStrategy implements PollingConsumerPollStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPollStrategy.class);
  private volatile String lastReported;

  @Override
  public boolean begin(Consumer consumer, Endpoint endpoint) {
    return true;
  }

  @Override
  public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
    if (lastReported != null) {
      LOG.info("the drop box can be polled again");
      lastReported = null;
    }
  }

  @Override
  public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
    String why = describe(cause);
    if (!why.equals(lastReported)) {
      LOG.warn("cannot poll the drop box, retrying: {}", why);
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
