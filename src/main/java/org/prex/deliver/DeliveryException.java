package org.prex.deliver;

import java.io.IOException;

/** Delivery to one or more agencies failed for now; the route retries it with back-off. */
public final class DeliveryException extends IOException {
  public DeliveryException(String message) {
    super(message);
  }
}
