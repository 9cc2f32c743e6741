package org.prex.deliver;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where an agency's packages go ({@code deliver:} in the policy). A package appears there whole or
 * not at all, and a transfer already there is never written again.
 */
public interface DeliveryTarget {
  /** Whether this transfer is already delivered here. */
  boolean has(String transferId) throws IOException;

  /**
   * Puts a whole package folder here, named by its transfer id; does nothing if already there.
   * Partial folders of this transfer's earlier attempts that were cut off are removed first, where
   * the target lets it; other transfers' are left alone (another lane may be writing them).
   */
  void put(Path packageDir, String transferId) throws IOException;

  /**
   * Puts one file into the folder {@code folder} here (e.g. {@code notices}), whole or not at all
   * (a temporary name, then a rename); does nothing if a file of that name is there already.
   */
  void putFile(String folder, String name, Path file) throws IOException;

  /** Cuts off a {@link #put} in progress on another thread, where that can be done. */
  default void abort() {}

  /** Whether {@code name} is a partial folder of an attempt at {@code transferId}. */
  static boolean isPartialOf(String name, String transferId) {
    return name.startsWith("." + transferId + ".") && name.endsWith(".partial");
  }

  /** The target for a policy {@code deliver:} URI; relative paths are inside the data folder. */
  static DeliveryTarget of(String agency, String uri, Path dataDir) {
    if (uri.startsWith("sftp://")) {
      return SftpTarget.of(agency, uri, dataDir);
    }
    return FileTarget.of(uri, dataDir);
  }
}
