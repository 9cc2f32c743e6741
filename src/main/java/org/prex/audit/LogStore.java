package org.prex.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.h2.api.ErrorCode;
import org.prex.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database behind the transfer log: owns the one connection, its H2 settings, and the retries
 * and reconnects around every unit of work. The parts of the log ({@link EventRows} for appending
 * and querying, {@link CheckpointRows} and {@link TreeRows} for checkpoints and proofs, {@link
 * LogCheck} for verification) run their SQL through {@link #run} and {@link #write}; nothing else
 * opens a connection, so a different database needs a different store and the same parts.
 *
 * <p>The database runs in H2's automatic mixed mode, so {@code prex audit} commands read it while
 * {@code prex serve} has it open. Whichever process opens it first serves it to the others; when
 * that process exits, the others reconnect and one of them takes over. The server binds to the
 * loopback interface only and is reachable only with the key H2 writes into the lock file beside
 * the database.
 */
final class LogStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);

  static {
    // H2 reads this once, when it loads: its auto-server must not listen beyond this machine.
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
  }

  private static final String USER = "prex";

  /**
   * H2's MVStore writes each flush as a new chunk at a free place of the file. It frees the space
   * of an older chunk only once no live page is left in it, which takes the background writer's
   * housekeeping (it rewrites the live pages of sparse chunks), and once the chunk is older than
   * the retention time.
   *
   * <p>WRITE_DELAY=0 (flush on every commit), which this log used before, also stops that
   * background writer: no chunk was ever compacted, each append's chunk (8 to 36 KB, as every
   * changed B-tree page is rewritten whole) stayed in the file, which grew by 12 to 29 KB per
   * event, and appends slowed down as the chunk table grew (about 450 events/s at a million
   * events). Here the background writer runs (write delay 500 ms): an append commits in memory and
   * the writer puts it into the file within half a second, while the {@link Journal} line written
   * before append returns is what keeps it through a kill of the process. A checkpoint is flushed
   * at once with {@code CHECKPOINT} ({@link #flushCommitted}), taking every event it covers into
   * the file before it is handed out. H2's recovery after a kill -9 can fall back to a chunk a few
   * commits old and drop events append had returned, whatever the settings: bench/log-kill.sh
   * measured 3 of 114,543 lost after 30 s of appends, 0 after 60 s, 1 after 90 s, when every commit
   * was also flushed at once (which cost a chunk write per event); with the old WRITE_DELAY=0, 2
   * after 60 s. No setting fixed it at a bearable cost: REUSE_SPACE=FALSE lost nothing (so the loss
   * is tied to space reuse) but grew the file by 30 KB per event, 4.6 GB after 30 s, without bound;
   * a negative RETENTION_TIME ("never reuse") is refused by H2, and a long one is the same
   * unbounded file. So the {@link Journal} keeps what append returned, and {@link AuditLog#open}
   * puts back what recovery dropped: at most the last half second of events, far within the
   * journal's {@value Journal#SEGMENT_EVENTS} events.
   *
   * <p>RETENTION_TIME=5000: H2 keeps a freed chunk unused for this long (default 45 s). Under
   * sustained appends that is the dead space the file carries: 45 s of chunks is gigabytes at
   * thousands of appends per second, 5 s about 1 GB at full speed and next to nothing at prex's
   * usual rates. It never grows with the log. H2 does not free a chunk an open snapshot (a running
   * {@code audit verify}) still reads, whatever the retention time. Shorter times (0, 1 s) gave
   * smaller files (about 550 bytes per event) but let H2 reuse space, and so drop the last commits
   * on a kill, from the first seconds on.
   *
   * <p>The lock timeout bounds how long an append waits for appends of other connections.
   */
  private static final String SETTINGS =
      ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;WRITE_DELAY=500;RETENTION_TIME=5000;LOCK_TIMEOUT=10000"
          // no prex.trace.db: H2 would create it later, with the umask's mode; errors still surface
          + ";TRACE_LEVEL_FILE=0"
          // the log's dozen statements stay parsed (H2 keeps 8 by default)
          + ";QUERY_CACHE_SIZE=64";

  private static final int ATTEMPTS = 5;

  private final LogDatabase db;
  private final Path location;
  private final boolean readOnly;
  private final Object lock = new Object();
  private Connection connection;
  private volatile boolean closed;

  /** Guards {@link #flusher}, the connection that writes commits to the file. */
  private final Object flushing = new Object();

  private Connection flusher;

  private LogStore(LogDatabase db, boolean readOnly, Connection connection) {
    this.db = db;
    this.location = db.folder();
    this.readOnly = readOnly;
    this.connection = connection;
  }

  /** One unit of work on the connection, in a transaction of its own. */
  interface Work<T> {
    T on(Connection c) throws SQLException;
  }

  /**
   * Opens the database in {@code location}, creating it unless {@code readOnly}.
   *
   * @throws NoAuditLogException if {@code readOnly} and there is no database
   */
  static LogStore open(LogDatabase db, boolean readOnly) {
    return new LogStore(db, readOnly, connect(db, readOnly));
  }

  /** The H2 log's folder; null for a PostgreSQL log. */
  Path location() {
    return location;
  }

  /** Where the log is, for messages. */
  String where() {
    return db.where();
  }

  boolean postgres() {
    return db.postgres();
  }

  boolean readOnly() {
    return readOnly;
  }

  /** The connection, for opening steps that run before any other user (migration, replay). */
  Connection connection() {
    return connection;
  }

  boolean closed() {
    return closed;
  }

  /** Refuses a write to a log opened read-only. */
  void requireWritable() {
    if (readOnly) {
      throw new IllegalStateException("audit log " + where() + " is open read-only");
    }
  }

  /**
   * Writes every commit so far to the database file (see {@link #SETTINGS}), retried on its own;
   * for work whose commit must be in the file before what it made leaves the process. Runs on a
   * connection of its own, so that appends go on while the file is written.
   */
  void flushCommitted(String what) {
    flushCommitted(what, false);
  }

  /**
   * As {@link #flushCommitted(String)}; with {@code sync}, the file is also forced to the disk
   * ({@code CHECKPOINT SYNC}), for what must outlive a power loss without the journal's help.
   */
  void flushCommitted(String what, boolean sync) {
    synchronized (flushing) {
      SQLException last = null;
      for (int n = 1; n <= ATTEMPTS; n++) {
        if (closed) {
          throw new IllegalStateException("audit log " + where() + " is closed");
        }
        if (db.postgres()) {
          return; // every commit is on the server's disk when it returns (synchronous_commit)
        }
        try {
          if (flusher == null) {
            flusher = DriverManager.getConnection(url(location, true), USER, "");
          }
          if (sync) {
            try (Statement s = flusher.createStatement()) {
              s.execute("CHECKPOINT SYNC");
            }
          } else {
            flush(flusher);
          }
          return;
        } catch (SQLException e) {
          last = e;
          closeQuietly(flusher);
          flusher = null;
          pause(n);
        }
      }
      throw failure(where(), what + " (committed, but not confirmed written to the file)", last);
    }
  }

  /**
   * Runs {@code what} while holding the store's lock, so that what it does after a {@link #write}
   * (journalling the row) happens in the same order as the writes.
   */
  <T> T locked(Supplier<T> what) {
    synchronized (lock) {
      return what.get();
    }
  }

  /** Writes every commit made so far to the database file (an MVStore chunk); H2 only. */
  static void flush(Connection c) throws SQLException {
    if (Dialect.postgres(c)) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    }
  }

  /**
   * Runs {@code work} in a transaction of its own. Retries what another connection's lock or the
   * loss of the serving process caused; after a loss, reconnects first (taking over as the server
   * when the process that served the database has gone).
   */
  <T> T run(String what, Work<T> work) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("audit log " + where() + " is closed");
      }
      return retried(
          what,
          c -> {
            try {
              T result = work.on(c);
              if (!c.getAutoCommit()) {
                try {
                  c.commit();
                  if (loseReplyAfterCommit.test(c)) {
                    throw new SQLException("the commit's reply was lost (test)", "08006");
                  }
                } catch (SQLException e) {
                  AuditEvent probe =
                      result instanceof AuditEvent event
                          ? event
                          : result instanceof Appended batch && !batch.events().isEmpty()
                              ? batch.last()
                              : null;
                  if (probe != null) {
                    // the server may have committed before the reply was lost: looked up before
                    // the event is appended again (docs/audit-log.md, "Stores"); a batch is one
                    // transaction, so its last event tells for all of it
                    throw new UnknownCommit(result, probe, e);
                  }
                  throw e;
                }
              }
              return result;
            } catch (RuntimeException e) {
              lost(); // rolls back, releasing any lock the work took
              throw e;
            }
          });
    }
  }

  /**
   * Runs {@code attempt} on the connection (reconnecting first when there is none) until it
   * succeeds, retrying what a lock or the loss of the serving process caused; the caller holds the
   * lock. Fails naming {@code what} with the last error.
   */
  @SuppressWarnings("unchecked") // an UnknownCommit comes only from work returning what it holds
  private <T> T retried(String what, Work<T> attempt) {
    SQLException last = null;
    for (int n = 1; n <= ATTEMPTS; n++) {
      try {
        if (connection == null) {
          connection = reconnect();
        }
        return attempt.on(connection);
      } catch (SQLException e) {
        last = e;
        if (lost()) {
          pause(n);
        } else if (!EventRows.isTransient(e) && !(e instanceof UnknownCommit)) {
          break;
        }
        if (e instanceof UnknownCommit unknown) {
          try {
            if (connection == null) {
              connection = reconnect();
            }
            if (EventRows.stored(connection, unknown.probe)) {
              return (T) unknown.result; // it was committed: not appended a second time
            }
          } catch (SQLException again) {
            last = again;
            lost();
          }
        }
      }
    }
    throw failure(where(), what, last);
  }

  /** The events a batch appended in one transaction, in order. */
  record Appended(List<AuditEvent> events) {
    AuditEvent last() {
      return events.get(events.size() - 1);
    }
  }

  /** A commit whose outcome is not known: the connection failed before its reply came. */
  private static final class UnknownCommit extends SQLException {
    private static final long serialVersionUID = 1L;
    private final transient Object result;
    private final transient AuditEvent probe;

    UnknownCommit(Object result, AuditEvent probe, SQLException cause) {
      super("the commit's outcome is unknown: " + cause.getMessage(), cause.getSQLState(), cause);
      this.result = result;
      this.probe = probe;
    }
  }

  /** Tests lose a commit's reply with this; never set outside them. */
  static volatile java.util.function.Predicate<Connection> loseReplyAfterCommit = c -> false;

  /** After a failure: rolls back, and drops the connection if it no longer works. */
  private boolean lost() {
    if (connection == null) {
      return true;
    }
    try {
      if (connection.isValid(2)) {
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
        return false;
      }
    } catch (SQLException e) {
      // treated as lost below
    }
    closeQuietly(connection);
    connection = null;
    return true;
  }

  /** Gives a process that is taking over as the server a moment to finish opening. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(100L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Connection reconnect() throws SQLException {
    Connection c =
        db.postgres()
            ? db.connectPostgres()
            : DriverManager.getConnection(url(location, true), USER, "");
    if (!readOnly) {
      c.setAutoCommit(false);
    }
    return c;
  }

  /** Closes the connection; returns whether this call closed the store (false: closed already). */
  boolean closeStore() {
    synchronized (lock) {
      boolean was = !closed;
      closed = true;
      if (connection != null) {
        closeQuietly(connection);
        connection = null;
      }
      synchronized (flushing) {
        if (flusher != null) {
          closeQuietly(flusher);
          flusher = null;
        }
      }
      return was;
    }
  }

  @Override
  public void close() {
    closeStore();
  }

  static Path location(Path dataDir) {
    Objects.requireNonNull(dataDir, "data folder");
    return dataDir.toAbsolutePath().normalize().resolve("audit");
  }

  private static String url(Path location, boolean mustExist) {
    String path = location.resolve("prex").toString();
    if (path.indexOf(';') >= 0) {
      throw new AuditLogException(location, "a data folder path must not contain ';'", null);
    }
    return "jdbc:h2:file:" + path + SETTINGS + (mustExist ? ";IFEXISTS=TRUE" : "");
  }

  private static Connection connect(LogDatabase db, boolean mustExist) {
    if (db.postgres()) {
      try {
        return db.connectPostgres();
      } catch (SQLException e) {
        throw failure(db.where(), "cannot connect to the database", e);
      }
    }
    Path location = db.folder();
    String url = url(location, mustExist);
    try {
      Connection c = DriverManager.getConnection(url, USER, "");
      ownerOnly(location);
      return c;
    } catch (SQLException e) {
      if (mustExist && e.getErrorCode() == ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) {
        throw new NoAuditLogException(location);
      }
      throw failure(location, "cannot open the database", e);
    }
  }

  /**
   * H2 creates its files with the process umask and offers no mode of its own: once it has opened
   * them, they (and the journal) are made owner-only. The folder is 0700 from its creation, so no
   * other user could reach them meanwhile.
   */
  private static void ownerOnly(Path location) {
    try {
      OwnerOnly.restrictTree(location);
    } catch (IOException e) {
      LOG.warn("cannot make the audit log's files owner-only in {}: {}", location, e.toString());
    }
  }

  static AuditLogException failure(Path location, String what, Exception e) {
    return failure(String.valueOf(location), what, e);
  }

  static AuditLogException failure(String location, String what, Exception e) {
    if (e instanceof AuditLogException known) {
      return known;
    }
    String detail = e == null ? "" : ": " + firstLine(e.getMessage());
    return new AuditLogException(location, what + detail, e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no detail)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // best effort: H2 also closes the database when the JVM exits
    }
  }
}
