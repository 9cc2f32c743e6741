package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A drop box client whose reads come from the embedded drop box's files in place ({@link
 * DropBoxFiles}); everything else (listing, removing, renaming, writing) goes through the SFTP
 * client it wraps, with its refusals and its audit.
 */
public final class LocalReads implements DropBoxClient {
  private final DropBoxClient sftp;
  private final DropBoxFiles files;

  private LocalReads(DropBoxClient sftp, DropBoxFiles files) {
    this.sftp = Objects.requireNonNull(sftp, "sftp");
    this.files = Objects.requireNonNull(files, "files");
  }

  /**
   * {@code sftp} with its reads taken from {@code files}; {@code sftp} itself when files is null.
   */
  public static DropBoxClient over(DropBoxClient sftp, DropBoxFiles files) {
    return files == null ? sftp : new LocalReads(sftp, files);
  }

  @Override
  public List<Entry> list(String dir) throws IOException {
    return sftp.list(dir);
  }

  @Override
  public List<Entry> listTree(String dir) throws IOException {
    return sftp.listTree(dir);
  }

  @Override
  public InputStream open(String path) throws IOException {
    return files.open(path);
  }

  @Override
  public void remove(String path) throws IOException {
    sftp.remove(path);
  }

  @Override
  public void removeDir(String path) throws IOException {
    sftp.removeDir(path);
  }

  @Override
  public void mkdir(String path) throws IOException {
    sftp.mkdir(path);
  }

  @Override
  public void upload(Path from, String path) throws IOException {
    sftp.upload(from, path);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    sftp.rename(from, to);
  }

  @Override
  public void close() {
    sftp.close();
  }
}
