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
public interface DropBoxFiles {

  /**
   * Opens the file at {@code path} (relative to the drop box root, '/'-separated) to read, refused
   * as the ingest account's SFTP read would be: while it is being written, through a symbolic link,
   * or when it is not a regular file.
   */
  InputStream open(String path) throws IOException;

  /**
   * What identifies the file {@code path} names now (its inode, size and time): the same before an
   * upload is read and after it is copied, or the name was given to another file meanwhile.
   */
  Object identity(String path) throws IOException;

  /** A step on a path that may fail with an {@link IOException}. */
  @FunctionalInterface
  interface PathStep<T> {
    T apply(String path) throws IOException;
  }

  /** The files that {@code open} reads and {@code identity} tells apart. */
  static DropBoxFiles of(PathStep<InputStream> open, PathStep<Object> identity) {
    return new DropBoxFiles() {
      @Override
      public InputStream open(String path) throws IOException {
        return open.apply(path);
      }

      @Override
      public Object identity(String path) throws IOException {
        return identity.apply(path);
      }
    };
  }
}
