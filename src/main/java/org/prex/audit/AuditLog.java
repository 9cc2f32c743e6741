package org.prex.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.h2.api.ErrorCode;
import org.prex.audit.verify.Checkpoint;
import org.prex.files.OwnerOnly;
import org.prex.merkle.MerkleTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer log (SPEC §10): an append-only table of {@link AuditEvent}s in an H2 database at
 * {@code <data>/audit/prex}. Each event gets the next sequence number (1, 2, 3… with no gaps, one
 * total order across every thread and process that writes), a UTC time that never goes backwards,
 * and the leaf hash of its {@link CanonicalEvent} bytes, ready for the Merkle tree.
 *
 * <p>The database runs in H2's automatic mixed mode, so {@code prex audit} commands read it while
 * {@code prex serve} has it open. Whichever process opens it first serves it to the others; when
 * that process exits, the others reconnect and one of them takes over. The server binds to the
 * loopback interface only and is reachable only with the key H2 writes into the lock file beside
 * the database. Every write is flushed to the file ({@code CHECKPOINT}) and recorded in the {@link
 * Journal} before the method that made it returns, so that an event {@link #append} returned
 * survives a kill of the process: H2's crash recovery alone can drop the last few commits (see
 * {@link #SETTINGS}), and {@link #open} re-inserts them from the journal.
 *
 * <p>Thread-safe. There is no way to change or remove an event through this class.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
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
   * events). Here the background writer runs (write delay 500 ms) and {@link #write} flushes each
   * of our commits at once with {@code CHECKPOINT}: the same synchronous store H2 does on commit
   * under WRITE_DELAY=0, so durability is unchanged: the chunk holding the commit is in the file
   * (written, not fsynced) before the method returns. A limit, with these settings and the old ones
   * alike: once H2 reuses freed space, its recovery after a kill -9 can fall back to a chunk a few
   * commits old and drop the last one to three events append had returned. bench/log-kill.sh
   * measured 3 of 114,543 lost after 30 s of appends, 0 after 60 s, 1 after 90 s; with the old
   * WRITE_DELAY=0, 2 after 60 s. No setting fixed it at a bearable cost: REUSE_SPACE=FALSE lost
   * nothing (so the loss is tied to space reuse) but grew the file by 30 KB per event, 4.6 GB after
   * 30 s, without bound; a negative RETENTION_TIME ("never reuse") is refused by H2, and a long one
   * is the same unbounded file. So the {@link Journal} keeps what append returned, and {@link
   * #open} puts back what recovery dropped.
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
          + ";TRACE_LEVEL_FILE=0";

  private static final int ATTEMPTS = 5;

  private final Path location;
  private final boolean readOnly;
  private final Journal journal;
  private final Object lock = new Object();
  private Connection connection;
  private boolean closed;

  private AuditLog(Path location, boolean readOnly, Journal journal, Connection connection) {
    this.location = location;
    this.readOnly = readOnly;
    this.journal = journal;
    this.connection = connection;
  }

  /**
   * Opens the log in {@code dataDir/audit}, creating or upgrading it as needed, for writing. First
   * re-inserts the events and checkpoints that the {@link Journal} holds beyond what the database
   * holds (those H2's crash recovery dropped after a kill): {@code prex serve} opens the log this
   * way when it starts.
   *
   * @throws AuditLogException if the journal disagrees with a stored event (naming its seq), or
   *     cannot restore what the database lacks
   */
  public static AuditLog open(Path dataDir) {
    Path location = location(dataDir);
    try {
      OwnerOnly.createFolders(location);
    } catch (IOException e) {
      throw new AuditLogException(location, "cannot create the folder: " + e.getMessage(), e);
    }
    Connection c = connect(location, false);
    Journal journal = Journal.acquire(location);
    try {
      Schema.migrate(c, location);
      c.setAutoCommit(false);
      journal.replay(c);
      c.commit();
      flush(c);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      journal.release();
      throw failure(location, "cannot prepare the tables", e);
    } catch (IOException e) {
      closeQuietly(c);
      journal.release();
      throw failure(location, "cannot read the journal", e);
    }
    return new AuditLog(location, false, journal, c);
  }

  /**
   * Opens an existing log for reading only, e.g. for {@code prex audit list}; works while another
   * process has it open for writing. Never writes, so never replays the {@link Journal} either: on
   * a stopped exchange whose database lost its last events in a kill, it shows the log without them
   * until {@code prex serve} (or any {@link #open}) restores them.
   *
   * @throws NoAuditLogException if {@code dataDir} holds no log
   */
  public static AuditLog openReadOnly(Path dataDir) {
    Path location = location(dataDir);
    if (!Files.isRegularFile(location.resolve("prex.mv.db"))) {
      throw new NoAuditLogException(location);
    }
    Connection c = connect(location, true);
    try {
      int version = Schema.version(c);
      if (version == 0) {
        throw new NoAuditLogException(location);
      }
      Schema.requireKnown(version, location);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw failure(location, "cannot read the tables", e);
    }
    return new AuditLog(location, true, null, c);
  }

  /**
   * The newest event the {@link Journal} of the log in {@code dataDir} holds, 0 if none. When it is
   * beyond a read-only log's size, the database lost those events in a crash and the next {@link
   * #open} (prex serve's start) restores them. Reads without writing; a hint, not a check.
   */
  public static long journalEnd(Path dataDir) {
    try {
      return Journal.lastEvent(location(dataDir));
    } catch (IOException e) {
      return 0;
    }
  }

  /** The log's folder, {@code <data>/audit}. */
  public Path location() {
    return location;
  }

  /**
   * Records an event: assigns the next sequence number, the time and the leaf hash, commits it and
   * writes it to the database file and to the {@link Journal} before returning it, so that it
   * survives a kill of the process.
   *
   * @throws IllegalStateException if this log was opened read-only, or is closed
   * @throws AuditLogException if the database refuses the write
   */
  public AuditEvent append(EventDraft draft) {
    Objects.requireNonNull(draft, "event draft");
    if (readOnly) {
      throw new IllegalStateException("audit log " + location + " is open read-only");
    }
    String what = "cannot append a " + draft.type() + " event";
    synchronized (lock) {
      AuditEvent e = write(what, c -> EventRows.append(c, draft, Instant.now()));
      journal(what, () -> journal.event(e));
      return e;
    }
  }

  private interface JournalWrite {
    void run() throws IOException;
  }

  private void journal(String what, JournalWrite line) {
    try {
      line.run();
    } catch (IOException e) {
      throw failure(
          location, what + " (committed, but not written to the journal " + Journal.FILE + ")", e);
    }
  }

  /** The events the query selects, in log order (oldest first, newest last). */
  public List<AuditEvent> list(AuditQuery query) {
    Objects.requireNonNull(query, "audit query");
    return run("cannot list events", c -> EventRows.select(c, query));
  }

  /**
   * Whether the log holds an event of this type for this item and agency, e.g. whether item X was
   * DELIVERED to agency Y already. A null agency matches events without one.
   */
  public boolean hasEvent(String item, String agency, EventType type) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(type, "event type");
    return run(
        "cannot look up a " + type + " event of item " + item,
        c -> EventRows.exists(c, item, agency, type));
  }

  /** How many events the log holds: the Merkle tree's size. */
  public long size() {
    return run("cannot read the log's size", EventRows::size);
  }

  /**
   * Makes a checkpoint of the log as it is now, unless the newest stored one already covers every
   * event, and returns the newest signed checkpoint. Holds the head row's lock meanwhile, so no
   * append slips between the size read and the root computed. Costs O(log n) reads.
   *
   * @param sign turns the {@link Checkpoint} text into its clear-signed form
   */
  public String checkpoint(UnaryOperator<String> sign) {
    Objects.requireNonNull(sign, "signer");
    if (readOnly) {
      throw new IllegalStateException("audit log " + location + " is open read-only");
    }
    synchronized (lock) {
      Made made = write("cannot make a checkpoint", c -> makeCheckpoint(c, sign));
      if (made.row() != null) {
        Journal.StoredCheckpoint row = made.row();
        journal(
            "cannot make a checkpoint",
            () -> journal.checkpoint(row.treeSize(), row.timeMs(), row.rootHash(), row.signed()));
      }
      return made.signed();
    }
  }

  /** The checkpoint to hand out, and the row stored for it if a new one was made. */
  private record Made(String signed, Journal.StoredCheckpoint row) {}

  private static Made makeCheckpoint(Connection c, UnaryOperator<String> sign) throws SQLException {
    long size;
    try (PreparedStatement p =
            c.prepareStatement("SELECT tree_size FROM log_head WHERE id = 1 FOR UPDATE");
        ResultSet rs = p.executeQuery()) {
      rs.next();
      size = rs.getLong(1);
    }
    Optional<StoredCheckpoint> latest = latest(c);
    if (latest.isPresent() && latest.get().size() == size) {
      return new Made(latest.get().signed(), null);
    }
    byte[] root = MerkleTree.root(TreeRows.source(c), size);
    Instant now = Instant.now();
    String signed = sign.apply(new Checkpoint(Checkpoint.ORIGIN, size, root, now).text());
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO checkpoint (tree_size, time_ms, root_hash, signed)"
                + " VALUES (?, ?, ?, ?)")) {
      p.setLong(1, size);
      p.setLong(2, now.toEpochMilli());
      p.setBytes(3, root);
      p.setString(4, signed);
      p.executeUpdate();
    }
    return new Made(signed, new Journal.StoredCheckpoint(size, now.toEpochMilli(), root, signed));
  }

  /** The newest signed checkpoint, if one was made. */
  public Optional<String> latestCheckpoint() {
    return run("cannot read the latest checkpoint", c -> latest(c).map(StoredCheckpoint::signed));
  }

  /**
   * The inclusion proof of event {@code seq} against the newest checkpoint.
   *
   * @throws AuditLogException if there is no checkpoint yet, or it does not cover the event
   */
  public InclusionProof prove(long seq) {
    return run(
        "cannot prove event " + seq,
        c -> {
          StoredCheckpoint latest =
              latest(c)
                  .orElseThrow(
                      () -> new AuditLogException(location, "there is no checkpoint yet", null));
          if (seq < 1 || seq > latest.size()) {
            throw new AuditLogException(
                location,
                "event "
                    + seq
                    + " is not under the latest checkpoint (events 1 to "
                    + latest.size()
                    + ")",
                null);
          }
          byte[] leaf = TreeRows.hash(c, 0, seq - 1);
          List<byte[]> proof =
              MerkleTree.inclusionProof(TreeRows.source(c), seq - 1, latest.size());
          return new InclusionProof(seq, leaf, proof, latest.signed());
        });
  }

  /** Recomputes the whole log from its stored fields; see {@link LogCheck}. */
  public LogCheck verify() {
    return verify(List.of());
  }

  /**
   * Recomputes the whole log from its stored fields, and prepares consistency proofs from the trees
   * of these sizes to the whole log; see {@link LogCheck}. Streams: its memory does not grow with
   * the log.
   */
  public LogCheck verify(Collection<Long> proofSizes) {
    List<Long> sizes = List.copyOf(proofSizes);
    return run("cannot verify the log", c -> LogCheck.run(c, sizes));
  }

  /**
   * An inclusion proof: event {@code seq} is leaf {@code seq - 1} of the tree of the checkpoint.
   */
  public record InclusionProof(long seq, byte[] leafHash, List<byte[]> proof, String checkpoint) {}

  private record StoredCheckpoint(long size, String signed) {}

  private static Optional<StoredCheckpoint> latest(Connection c) throws SQLException {
    try (PreparedStatement p =
            c.prepareStatement(
                "SELECT tree_size, signed FROM checkpoint ORDER BY tree_size DESC LIMIT 1");
        ResultSet rs = p.executeQuery()) {
      return rs.next()
          ? Optional.of(new StoredCheckpoint(rs.getLong(1), rs.getString(2)))
          : Optional.empty();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (!closed && journal != null) {
        journal.release();
      }
      closed = true;
      if (connection != null) {
        closeQuietly(connection);
        connection = null;
      }
    }
  }

  private interface Work<T> {
    T on(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} like {@link #run}, then flushes the commit to the file before returning (see
   * {@link #SETTINGS}). A failed flush is retried on its own; the work is not run again, since its
   * commit may already count.
   */
  private <T> T write(String what, Work<T> work) {
    synchronized (lock) {
      T result = run(what, work);
      SQLException last = null;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          if (connection == null) {
            connection = reconnect();
          }
          flush(connection);
          return result;
        } catch (SQLException e) {
          last = e;
          if (lost()) {
            pause(attempt);
          } else if (!EventRows.isTransient(e)) {
            break;
          }
        }
      }
      throw failure(location, what + " (committed, but not confirmed written to the file)", last);
    }
  }

  /** Writes every commit made so far to the database file (an MVStore chunk). */
  static void flush(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    }
  }

  /**
   * Runs {@code work} in a transaction of its own. Retries what another connection's lock or the
   * loss of the serving process caused; after a loss, reconnects first (taking over as the server
   * when the process that served the database has gone).
   */
  private <T> T run(String what, Work<T> work) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("audit log " + location + " is closed");
      }
      SQLException last = null;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          if (connection == null) {
            connection = reconnect();
          }
          T result = work.on(connection);
          if (!connection.getAutoCommit()) {
            connection.commit();
          }
          return result;
        } catch (RuntimeException e) {
          lost(); // rolls back, releasing any lock the work took
          throw e;
        } catch (SQLException e) {
          last = e;
          if (lost()) {
            pause(attempt);
          } else if (!EventRows.isTransient(e)) {
            break;
          }
        }
      }
      throw failure(location, what, last);
    }
  }

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
    Connection c = DriverManager.getConnection(url(location, true), USER, "");
    if (!readOnly) {
      c.setAutoCommit(false);
    }
    return c;
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

  private static Connection connect(Path location, boolean mustExist) {
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

  private static AuditLogException failure(Path location, String what, Exception e) {
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

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // best effort: H2 also closes the database when the JVM exits
    }
  }
}
