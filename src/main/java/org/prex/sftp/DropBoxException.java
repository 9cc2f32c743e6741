package org.prex.sftp;

import java.io.IOException;

/**
 * The drop box could not start: its folders, its host key or its listening address. The message
 * names the file or address and what was wrong with it; it never carries key material.
 */
public class DropBoxException extends IOException {

  private static final long serialVersionUID = 1L;

  public DropBoxException(String message) {
    super(message);
  }

  public DropBoxException(String message, Throwable cause) {
    super(message, cause);
  }
}
