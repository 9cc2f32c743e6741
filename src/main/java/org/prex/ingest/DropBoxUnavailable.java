package org.prex.ingest;

import java.io.IOException;

/**
 * The drop box cannot be reached or refused the exchange: cannot connect, host key mismatch, login
 * refused, unusable key file. The message names the server and the file concerned, never key
 * material or a passphrase; try again later or fix the configuration it names.
 */
public final class DropBoxUnavailable extends IOException {

  private static final long serialVersionUID = 1L;

  public DropBoxUnavailable(String message) {
    super(message);
  }
}
