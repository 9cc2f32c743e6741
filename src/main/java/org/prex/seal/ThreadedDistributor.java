package org.prex.seal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Encrypts for each recipient on its own thread, so that N recipients take about the time of one on
 * N cores (per-recipient AES-CFB is serial and is what costs). The caller's bytes are copied once
 * into shared read-only chunks; a small fixed pool of chunks bounds the memory (a few hundred KiB)
 * and makes the caller wait for the slowest recipient.
 *
 * <p>The threads start with the first full chunk: content smaller than one chunk (a model card, a
 * manifest) is encrypted for each recipient in turn on the caller's thread, where starting threads
 * and their buffers would cost more than they save.
 */
final class ThreadedDistributor implements Distributor {
  static final int CHUNK = 1 << 17;

  /** Chunks queued per recipient ahead of its thread. */
  static final int AHEAD = 4;

  private static final long POLL_MILLIS = 50;
  private static final Chunk END = new Chunk(new byte[0], 0, new AtomicInteger());

  private final List<SealedMessage> messages;
  private final List<Worker> workers = new ArrayList<>();
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(AHEAD + 2);
  private boolean started;
  private volatile boolean aborted;
  private volatile IOException failure;
  private byte[] current;
  private int filled;

  ThreadedDistributor(List<SealedMessage> messages) {
    this.messages = List.copyOf(messages);
    current = new byte[CHUNK];
  }

  /** Starts one thread per recipient, and the chunks they share. */
  private void start() {
    started = true;
    for (int i = 0; i < AHEAD + 1; i++) {
      free.add(new byte[CHUNK]);
    }
    for (int i = 0; i < messages.size(); i++) {
      Worker w = new Worker(messages.get(i));
      Thread t = new Thread(w, "prex-seal-" + i);
      t.setDaemon(true);
      w.thread = t;
      workers.add(w);
    }
    workers.forEach(w -> w.thread.start());
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, CHUNK - filled);
      System.arraycopy(b, off, current, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == CHUNK) {
        dispatch();
      }
    }
  }

  @Override
  public void drain() throws IOException {
    if (!started) {
      // less than one chunk in all: no thread was worth starting
      for (SealedMessage m : messages) {
        m.write(current, 0, filled);
      }
      filled = 0;
      return;
    }
    if (filled > 0) {
      dispatch();
    }
    try {
      for (Worker w : workers) {
        w.queue.put(END);
      }
    } catch (InterruptedException e) {
      abort();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sealing");
    }
    joinAll();
    throwIfFailed();
  }

  @Override
  public void abort() {
    aborted = true;
    joinAll();
  }

  private void dispatch() throws IOException {
    if (!started) {
      start();
    }
    throwIfFailed();
    Chunk chunk = new Chunk(current, filled, new AtomicInteger(workers.size()));
    try {
      for (Worker w : workers) {
        w.queue.put(chunk);
      }
      current = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sealing");
    }
    filled = 0;
  }

  private void throwIfFailed() throws IOException {
    IOException f = failure;
    if (f != null) {
      throw new IOException("sealing for a recipient failed: " + f.getMessage(), f);
    }
  }

  private void joinAll() {
    boolean interrupted = false;
    for (Worker w : workers) {
      while (w.thread.isAlive()) {
        try {
          w.thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void release(Chunk chunk) {
    if (chunk.pending().decrementAndGet() == 0) {
      free.offer(chunk.data());
    }
  }

  private record Chunk(byte[] data, int length, AtomicInteger pending) {}

  /** One recipient's thread: writes each chunk into its message, in order. */
  private final class Worker implements Runnable {
    final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(AHEAD);
    final SealedMessage message;
    Thread thread;

    Worker(SealedMessage message) {
      this.message = message;
    }

    @Override
    public void run() {
      try {
        while (true) {
          Chunk chunk = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (chunk == END || aborted) {
            return;
          }
          if (chunk == null) {
            continue;
          }
          try {
            if (failure == null) {
              message.write(chunk.data(), 0, chunk.length());
            }
          } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
          } finally {
            release(chunk);
          }
        }
      } catch (InterruptedException e) {
        failure = new InterruptedIOException("a sealing thread was interrupted");
      }
    }
  }
}
