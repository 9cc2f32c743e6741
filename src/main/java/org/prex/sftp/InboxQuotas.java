package org.prex.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The per-lab quotas of {@link DropBoxLimits}: bytes and files waiting in a lab's inbox, and the
 * largest file. What an inbox holds is counted from disk when a lab opens a file for writing (at
 * most every few seconds, so that a folder of many small files is not re-counted for each), and
 * kept up to date in between by the drop box's own writes: a write that would grow a file past a
 * quota fails with {@link Refusal#quota}, before anything is written.
 */
final class InboxQuotas {
  private static final long RECOUNT_NANOS = 5_000_000_000L;

  private final Path root;
  private final DropBoxLimits limits;
  private final LongSupplier clock;
  private final Map<String, Usage> usage = new ConcurrentHashMap<>();
  private final java.util.Set<String> agencies;

  InboxQuotas(Path root, DropBoxLimits limits) {
    this(root, limits, System::nanoTime);
  }

  /**
   * @param agencies the agencies with accounts: theirs is the same quota, on what waits in their
   *     {@code returns} folder (docs/review-cycle.md)
   */
  InboxQuotas(Path root, DropBoxLimits limits, java.util.Set<String> agencies) {
    this(root, limits, System::nanoTime, agencies);
  }

  InboxQuotas(Path root, DropBoxLimits limits, LongSupplier clock) {
    this(root, limits, clock, java.util.Set.of());
  }

  InboxQuotas(Path root, DropBoxLimits limits, LongSupplier clock, java.util.Set<String> agencies) {
    this.root = root;
    this.limits = limits;
    this.clock = clock;
    this.agencies = java.util.Set.copyOf(agencies);
  }

  /** What one lab's inbox holds, as last counted plus the drop box's writes since. */
  private static final class Usage {
    long bytes;
    long files;
    long countedAt;
    boolean counted;
  }

  /**
   * Checks, before {@code lab} opens a file of its inbox for writing, that one more file fits
   * ({@code creates}: the file does not exist yet); counts it if so.
   */
  void admit(String lab, boolean creates) throws IOException {
    Usage u = usage.computeIfAbsent(lab, k -> new Usage());
    synchronized (u) {
      recountIfStale(lab, u);
      if (creates) {
        if (u.files + 1 > limits.inboxFiles()) {
          recount(lab, u); // refuse on what the disk holds now, not on an older count
        }
        if (u.files + 1 > limits.inboxFiles()) {
          throw Refusal.quota("inbox-files", Long.toString(limits.inboxFiles()));
        }
        u.files++;
      }
    }
  }

  /**
   * {@code channel}, opened after {@link #admit}, wrapped so that its writes keep to the quotas;
   * {@code onRefusal} hears of the first refused write (it returns what is thrown).
   */
  FileChannel wrap(String lab, FileChannel channel, UnaryOperator<Refusal> onRefusal) {
    return new QuotaChannel(lab, channel, usage.computeIfAbsent(lab, k -> new Usage()), onRefusal);
  }

  /** A file or folder of {@code lab}'s inbox was removed: it is counted again at the next open. */
  void changed(String lab) {
    Usage u = usage.get(lab);
    if (u != null) {
      synchronized (u) {
        u.counted = false;
      }
    }
  }

  /** Whether a write through {@code channel} was refused over a quota. */
  static boolean refusedWrites(java.nio.channels.Channel channel) {
    return channel instanceof QuotaChannel q && q.refusal != null;
  }

  private void recountIfStale(String lab, Usage u) throws IOException {
    if (!u.counted || clock.getAsLong() - u.countedAt >= RECOUNT_NANOS) {
      recount(lab, u);
    }
  }

  private void recount(String lab, Usage u) throws IOException {
    long now = clock.getAsLong();
    long[] total = new long[2];
    Path inbox =
        root.resolve(lab)
            .resolve(agencies.contains(lab) ? AccessPolicy.RETURNS : AccessPolicy.INBOX);
    if (Files.isDirectory(inbox, LinkOption.NOFOLLOW_LINKS)) {
      // the ingest side removes taken files meanwhile: one gone between the listing and its
      // attributes is simply not counted (a walk that threw on it refused the lab's next upload)
      Files.walkFileTree(
          inbox,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
              if (a.isRegularFile()) {
                total[0] += a.size();
                total[1]++;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
              }
              return FileVisitResult.CONTINUE;
            }
          });
    }
    u.bytes = total[0];
    u.files = total[1];
    u.countedAt = now;
    u.counted = true;
  }

  /** Lets a write through only if the file and the inbox stay within their quotas. */
  private final class QuotaChannel extends FileChannel {
    private final FileChannel file;
    private final Usage usage;
    private volatile Refusal refusal;

    private final String lab;
    private final UnaryOperator<Refusal> onRefusal;

    QuotaChannel(String lab, FileChannel file, Usage usage, UnaryOperator<Refusal> onRefusal) {
      this.lab = lab;
      this.file = file;
      this.usage = usage;
      this.onRefusal = onRefusal;
    }

    /** Accounts for a write of {@code length} bytes at {@code position}, or refuses it. */
    private void admit(long position, long length) throws IOException {
      if (refusal != null) {
        throw refusal; // the upload cannot complete: every later write gets the same answer
      }
      long end = position + length;
      if (end > limits.maxFileBytes()) {
        refusal =
            onRefusal.apply(
                Refusal.quota("max-file-bytes", DropBoxLimits.size(limits.maxFileBytes())));
        throw refusal;
      }
      long growth = end - file.size();
      if (growth <= 0) {
        return;
      }
      synchronized (usage) {
        if (usage.bytes + growth > limits.inboxBytes()) {
          recount(lab, usage); // refuse on what the disk holds now, not on an older count
        }
        if (usage.bytes + growth > limits.inboxBytes()) {
          refusal =
              onRefusal.apply(
                  Refusal.quota("inbox-bytes", DropBoxLimits.size(limits.inboxBytes())));
          throw refusal;
        }
        usage.bytes += growth;
      }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      admit(file.position(), src.remaining());
      return file.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      admit(position, src.remaining());
      return file.write(src, position);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        total += srcs[i].remaining();
      }
      admit(file.position(), total);
      return file.write(srcs, offset, length);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      admit(position, count);
      return file.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      if (mode != MapMode.READ_ONLY) {
        admit(position, size);
      }
      return file.map(mode, position, size);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return file.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return file.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      file.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return file.transferTo(position, count, target);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }
  }
}
