package org.prex.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.prex.files.OwnerOnly;

/**
 * One {@code serve} per data folder: an exclusive lock on {@code <data>/serve.lock}, held for the
 * life of the process and released by the operating system when it ends, however it ends. A second
 * serve on the same folder would take and deliver the same uploads a second time; it is refused at
 * start instead, naming the process that holds the folder.
 */
final class DataFolderLock implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DataFolderLock.class);
  static final String FILE = "serve.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataFolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the data folder's lock.
   *
   * @throws StartupException if another process (or this one) holds it
   */
  static DataFolderLock take(Path data) throws StartupException, IOException {
    DataFolderLock taken = tryTake(data);
    if (taken == null) {
      String holder = holder(data);
      throw new StartupException(
          List.of(
              "another prex serve runs on the data folder "
                  + data
                  + (holder.isEmpty() ? "" : " (process " + holder + ")")
                  + ": two would take and deliver the same uploads twice; stop it first, or give"
                  + " this one another --data"));
    }
    return taken;
  }

  /**
   * Takes the data folder's lock once another process lets it go: a pair's new leader waits here
   * for a serve run alone on the same folder (docs/operations.md), saying so every minute.
   */
  static DataFolderLock await(Path data) throws IOException, InterruptedException {
    long said = 0;
    while (true) {
      DataFolderLock taken = tryTake(data);
      if (taken != null) {
        return taken;
      }
      if (System.nanoTime() - said > 60_000_000_000L || said == 0) {
        said = System.nanoTime();
        String holder = holder(data);
        LOG.warn(
            "this node leads its pair, but another prex serve runs alone on the data folder {}{};"
                + " waiting for it to stop",
            data,
            holder.isEmpty() ? "" : " (process " + holder + ")");
      }
      Thread.sleep(1000);
    }
  }

  /** The lock, or null if another process (or this one) holds it. */
  private static DataFolderLock tryTake(Path data) throws IOException {
    Path file = data.resolve(FILE);
    FileChannel channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
            OwnerOnly.fileAttributes(file));
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      return null;
    }
    byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(pid), 0);
    return new DataFolderLock(channel, lock);
  }

  private static String holder(Path data) {
    try (FileChannel channel = FileChannel.open(data.resolve(FILE), StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(32);
      int n = channel.read(b, 0);
      return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the operating system releases it when the process ends
    }
  }
}
