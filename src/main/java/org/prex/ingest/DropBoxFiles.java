package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * The embedded drop box's files, read in place by the exchange that serves them: the intake takes
 * an upload's bytes from the local file instead of through an SFTP session on the loopback, which
 * cost a second and more per GiB of SSH encryption on both ends (docs/tuning.md, "Fourth round").
 * Listing, read locks and removal still go through the ingest account's session, so what may be
 * taken, and when, is decided exactly as before; only where the bytes come from changes.
 */
@FunctionalInterface
public interface DropBoxFiles {

  /**
   * Opens the file at {@code path} (relative to the drop box root, '/'-separated) to read, refused
   * as the ingest account's SFTP read would be: while it is being written, through a symbolic link,
   * or when it is not a regular file.
   */
  InputStream open(String path) throws IOException;
}
