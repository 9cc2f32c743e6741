package org.prex.sftp;

import java.util.Locale;

/** What an SFTP request does to a path, as the access policy sees it. */
enum Operation {
  /**
   * Resolve a client path (every request does); denied only when the path climbs above the root.
   */
  RESOLVE,
  /** Read attributes (stat, lstat, and each entry of a listing). */
  STAT,
  /** Open a directory for listing. */
  LIST,
  /** Open a file for reading only. */
  READ,
  /** Open a file with any of write, append, create, truncate. */
  WRITE,
  MKDIR,
  RMDIR,
  REMOVE,
  RENAME,
  /** Change times, permissions, owner, group, ACLs or extended attributes. */
  SETATTR,
  /** Create a symbolic or hard link. */
  LINK,
  READLINK,
  /** Server-side copy (copy-file extension). */
  COPY;

  /**
   * The name reported to {@link DropBoxListener#accessDenied}: lower case, e.g. {@code "write"}.
   */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
