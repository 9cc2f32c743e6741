package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The exchange's view of the drop box: it reads whole submission folders out of {@code
 * <lab>/inbox/…} and {@code <agency>/returns/…}, and writes findings packages into {@code
 * <lab>/findings/…}. Paths are relative to the drop box root and '/'-separated (e.g. {@code
 * acme-ai/inbox/sub1/a/b.pdf}); {@code ""} is the root itself. Failures are {@link IOException}s
 * whose message names the operation, the path and the SFTP status, never key material.
 */
public interface DropBoxClient extends AutoCloseable {

  /**
   * A file or folder.
   *
   * @param path relative to the drop box root, '/'-separated
   * @param size bytes of a file; 0 for a folder
   * @param modifiedMillis the modification time (SFTP gives whole seconds)
   */
  record Entry(String path, long size, long modifiedMillis, boolean directory) {

    /** The last name of the path. */
    public String name() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  /**
   * The files and folders directly in {@code dir}, sorted by name, without {@code .}, {@code ..},
   * symbolic links or special files. A missing folder is empty.
   */
  List<Entry> list(String dir) throws IOException;

  /**
   * Every file and folder below {@code dir}, depth first, each folder followed by its content,
   * siblings sorted by name. Symbolic links are skipped, never followed. A missing folder is empty.
   */
  List<Entry> listTree(String dir) throws IOException;

  /**
   * The content of a file, streamed (never whole in memory). Close the stream when done; it stays
   * usable while other calls are made, until the client is closed.
   */
  InputStream open(String path) throws IOException;

  /** Removes a file. */
  void remove(String path) throws IOException;

  /** Removes an empty folder. */
  void removeDir(String path) throws IOException;

  /** Makes a folder (its parent must exist). */
  void mkdir(String path) throws IOException;

  /**
   * Writes the local file {@code from} to {@code path}; a file already there is replaced (callers
   * write only into a partial folder of their own).
   */
  void upload(Path from, String path) throws IOException;

  /** Renames a file or folder; fails if {@code to} exists. */
  void rename(String from, String to) throws IOException;

  /** Ends the session; open streams end with it. Never throws. */
  @Override
  void close();
}
