package org.prex.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.prex.audit.verify.Checkpoint;
import org.prex.files.OwnerOnly;

/**
 * The transfer log (docs/audit-log.md): an append-only table of {@link AuditEvent}s in an H2
 * database at {@code <data>/audit/prex}. Each event gets the next sequence number (1, 2, 3… with no
 * gaps, one total order across every thread and process that writes), a UTC time that never goes
 * backwards, and the leaf hash of its {@link CanonicalEvent} bytes, ready for the Merkle tree.
 *
 * <p>{@code prex audit} commands read it while {@code prex serve} has it open ({@link LogStore}).
 * Every event is recorded in the {@link Journal} before {@link #append} returns it, so that it
 * survives a kill of the process: H2 writes commits into its file within half a second (a
 * checkpoint at once, with the events it covers), its crash recovery can drop the last few, and
 * {@link #open} re-inserts them from the journal.
 *
 * <p>This class is the face the rest of prex uses; the work is done by its parts over one {@link
 * LogStore}: {@link Queries}, {@link Checkpoints} and {@link LogCheck}.
 *
 * <p>Thread-safe. There is no way to change or remove an event through this class.
 */
public final class AuditLog implements AutoCloseable {
  private final LogStore store;
  private final Journal journal;
  private final Queries queries;
  private final Checkpoints checkpoints;

  private AuditLog(LogStore store, Journal journal) {
    this.store = store;
    this.journal = journal;
    if (journal != null) {
      // the database file on the disk before journal.1 is replaced: the events the retired
      // segment holds are then nowhere else, and receipts may cover them already
      journal.beforeRotate(() -> store.flushCommitted("cannot rotate the journal", true));
    }
    this.queries = new Queries(store);
    this.checkpoints = new Checkpoints(store, journal);
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
    return open(LogDatabase.h2(dataDir));
  }

  /**
   * Opens the log in {@code db} for writing, as {@link #open(Path)}; a PostgreSQL log has no
   * journal to replay (docs/audit-log.md, "Stores").
   */
  public static AuditLog open(LogDatabase db) {
    if (db.postgres()) {
      LogStore store = LogStore.open(db, false);
      try {
        Connection c = store.connection();
        c.setAutoCommit(false);
        Schema.migrate(c, db.where());
        c.commit();
      } catch (SQLException | RuntimeException e) {
        store.close();
        throw LogStore.failure(db.where(), "cannot prepare the tables", e);
      }
      return new AuditLog(store, null);
    }
    Path location = db.folder();
    try {
      OwnerOnly.createFolders(location);
    } catch (IOException e) {
      throw new AuditLogException(location, "cannot create the folder: " + e.getMessage(), e);
    }
    LogStore store = LogStore.open(db, false);
    Journal journal = Journal.acquire(location);
    try {
      Connection c = store.connection();
      Schema.migrate(c, location.toString());
      c.setAutoCommit(false);
      journal.replay(c);
      c.commit();
      LogStore.flush(c);
    } catch (SQLException | RuntimeException e) {
      store.close();
      journal.release();
      throw LogStore.failure(location, "cannot prepare the tables", e);
    } catch (IOException e) {
      store.close();
      journal.release();
      throw LogStore.failure(location, "cannot read the journal", e);
    }
    return new AuditLog(store, journal);
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
    return openReadOnly(LogDatabase.h2(dataDir));
  }

  /** Opens the existing log in {@code db} for reading only, as {@link #openReadOnly(Path)}. */
  public static AuditLog openReadOnly(LogDatabase db) {
    if (!db.postgres() && !Files.isRegularFile(db.folder().resolve("prex.mv.db"))) {
      throw new NoAuditLogException(db.folder());
    }
    LogStore store = LogStore.open(db, true);
    try {
      int version = Schema.version(store.connection());
      if (version == 0) {
        throw new NoAuditLogException(db.where());
      }
      Schema.requireKnown(version, db.where());
    } catch (SQLException | RuntimeException e) {
      store.close();
      throw LogStore.failure(db.where(), "cannot read the tables", e);
    }
    return new AuditLog(store, null);
  }

  /**
   * The newest event the {@link Journal} of the log in {@code dataDir} holds, 0 if none. When it is
   * beyond a read-only log's size, the database lost those events in a crash and the next {@link
   * #open} (prex serve's start) restores them. Reads without writing; a hint, not a check.
   */
  public static long journalEnd(Path dataDir) {
    try {
      return Journal.lastEvent(LogStore.location(dataDir));
    } catch (IOException e) {
      return 0;
    }
  }

  LogStore store() {
    return store;
  }

  /** The log's folder, {@code <data>/audit}. */
  public Path location() {
    return store.location();
  }

  /**
   * Records an event: assigns the next sequence number, the time and the leaf hash, commits it and
   * writes it to the {@link Journal} before returning it, so that it survives a kill of the
   * process.
   *
   * @throws IllegalStateException if this log was opened read-only, or is closed
   * @throws AuditLogException if the database refuses the write
   */
  public AuditEvent append(EventDraft draft) {
    Objects.requireNonNull(draft, "event draft");
    store.requireWritable();
    String what = "cannot append a " + draft.type() + " event";
    return watched(
        () ->
            store.locked(
                () -> {
                  AuditEvent e = store.run(what, c -> EventRows.append(c, draft, Instant.now()));
                  if (journal != null) {
                    journal.committed(what, () -> journal.event(e));
                  }
                  EventLines.log(e);
                  return e;
                }));
  }

  /**
   * Records several events in one transaction, in the order given: all of them or none. As {@link
   * #append} for each, with one commit and one journal write for the lot; what a step records for
   * each agency at once (ROUTED, SEALED) is appended so (docs/tuning.md, "Sixth round").
   *
   * @return the events, in order; empty if {@code drafts} is
   * @throws AuditLogException if the database refuses the write (then none is appended)
   */
  public List<AuditEvent> appendAll(List<EventDraft> drafts) {
    Objects.requireNonNull(drafts, "event drafts");
    if (drafts.isEmpty()) {
      return List.of();
    }
    drafts.forEach(d -> Objects.requireNonNull(d, "event draft"));
    store.requireWritable();
    String what =
        "cannot append "
            + drafts.size()
            + " events ("
            + drafts.stream().map(d -> d.type().toString()).distinct().toList()
            + ")";
    return appendBatch(drafts, what, false);
  }

  /** Why the last append failed, while no append has succeeded since; null otherwise. */
  private volatile String lastFailure;

  private <T> T watched(java.util.function.Supplier<T> append) {
    try {
      T result = append.get();
      lastFailure = null;
      return result;
    } catch (RuntimeException e) {
      lastFailure = e.getClass().getSimpleName();
      throw e;
    }
  }

  /**
   * Records an event that marks a state of the workflow ({@link EventType#marksState()}) unless
   * that state was reached before: the look-up and the append are one transaction, so two callers
   * racing to record, say, one item's delivery to one agency leave one event between them.
   *
   * @return the event, or empty if the state was already reached (nothing appended)
   * @throws IllegalArgumentException if the type marks no state
   */
  public Optional<AuditEvent> appendOnce(EventDraft draft) {
    Objects.requireNonNull(draft, "event draft");
    if (!draft.type().marksState()) {
      throw new IllegalArgumentException(draft.type() + " marks no workflow state");
    }
    store.requireWritable();
    String what = "cannot append a " + draft.type() + " event";
    return watched(
        () ->
            store.locked(
                () -> {
                  AuditEvent e =
                      store.run(
                          what,
                          c ->
                              StateRows.reached(
                                      c,
                                      draft.type(),
                                      draft.submission(),
                                      draft.item(),
                                      draft.agency())
                                  ? null
                                  : EventRows.append(c, draft, Instant.now()));
                  if (e != null) {
                    if (journal != null) {
                      journal.committed(what, () -> journal.event(e));
                    }
                    EventLines.log(e);
                  }
                  return Optional.ofNullable(e);
                }));
  }

  /**
   * As {@link #appendOnce} for each draft, in one transaction: the drafts whose state was not
   * reached before (nor by an earlier draft of the batch) are appended, in order, and the rest left
   * out. A package's DELIVERED events, one per item, are appended so.
   *
   * @return the events appended, in order; empty if every state was already reached
   * @throws IllegalArgumentException if a draft's type marks no state
   */
  public List<AuditEvent> appendAllOnce(List<EventDraft> drafts) {
    Objects.requireNonNull(drafts, "event drafts");
    for (EventDraft d : drafts) {
      if (!Objects.requireNonNull(d, "event draft").type().marksState()) {
        throw new IllegalArgumentException(d.type() + " marks no workflow state");
      }
    }
    if (drafts.isEmpty()) {
      return List.of();
    }
    store.requireWritable();
    String what = "cannot append " + drafts.size() + " " + drafts.get(0).type() + " events";
    return appendBatch(drafts, what, true);
  }

  /**
   * Appends the drafts in one transaction (with {@code once}, those whose state is not reached
   * yet), then writes their lines to the journal in one write.
   */
  private List<AuditEvent> appendBatch(List<EventDraft> drafts, String what, boolean once) {
    return watched(
        () ->
            store.locked(
                () -> {
                  List<AuditEvent> events =
                      store.run(what, c -> appendRows(c, drafts, once)).events();
                  if (journal != null && !events.isEmpty()) {
                    journal.committed(what, () -> journal.events(events));
                  }
                  events.forEach(EventLines::log);
                  return events;
                }));
  }

  private static LogStore.Appended appendRows(Connection c, List<EventDraft> drafts, boolean once)
      throws SQLException {
    Instant now = Instant.now();
    List<AuditEvent> out = new java.util.ArrayList<>(drafts.size());
    for (EventDraft d : drafts) {
      if (!once || !StateRows.reached(c, d.type(), d.submission(), d.item(), d.agency())) {
        out.add(EventRows.append(c, d, now));
      }
    }
    return new LogStore.Appended(out);
  }

  /**
   * Whether a state of the workflow was reached (docs/pipeline.md, "Workflow state"): e.g. whether
   * item X is DELIVERED to agency Y. A null submission matches any; a null item or agency matches
   * the states recorded without one.
   */
  public boolean reached(EventType type, String submission, String item, String agency) {
    Objects.requireNonNull(type, "event type");
    return store.run(
        "cannot look up the " + type + " state",
        c -> StateRows.reached(c, type, submission, item, agency));
  }

  /** Whether the submission, or any item of it, reached the state. */
  public boolean reachedAny(EventType type, String submission) {
    Objects.requireNonNull(submission, "submission");
    return store.run(
        "cannot look up the " + type + " state of submission " + submission,
        c -> StateRows.reachedAny(c, type, submission));
  }

  /** The items of the submission that reached the state, for any agency. */
  public Set<String> itemsReached(EventType type, String submission) {
    Objects.requireNonNull(submission, "submission");
    return store.run(
        "cannot look up the " + type + " state of submission " + submission,
        c -> StateRows.items(c, type, submission));
  }

  /** The events the query selects, in log order (oldest first, newest last). */
  public List<AuditEvent> list(AuditQuery query) {
    return queries.list(query);
  }

  /**
   * A page of the events the query selects, in log order: at most {@code limit} of them, from the
   * {@code offset}-th on (counting from 0).
   */
  public List<AuditEvent> page(AuditQuery query, long offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException("Invalid page: offset " + offset + ", limit " + limit);
    }
    return queries.page(query, offset, limit);
  }

  /**
   * Hands each event the query selects to {@code each}, in log order, as it is read: a long list is
   * never held. {@code each} runs while the log is read, so it must be quick and must not use the
   * log.
   */
  public void each(AuditQuery query, java.util.function.Consumer<AuditEvent> each) {
    queries.each(query, Objects.requireNonNull(each, "each"));
  }

  /** How many events of one type, for one agency (or none), were logged on one UTC day. */
  public record DayCount(java.time.LocalDate day, EventType type, String agency, long count) {}

  /** How many events the query selects, per UTC day, type and agency. */
  public List<DayCount> countPerDay(AuditQuery query) {
    return store.run("cannot count events per day", c -> EventRows.countPerDay(c, query));
  }

  /** How many events the query selects. */
  public long count(AuditQuery query) {
    return queries.count(query);
  }

  /** How many events the log holds: the Merkle tree's size. */
  public long size() {
    return queries.size();
  }

  /**
   * Why this log cannot take events now, or null if it can: open for writing, not closed, and its
   * database answering a read (health, docs/operations.md).
   */
  public String unwritable() {
    if (store.readOnly()) {
      return "the transfer log is open read-only";
    }
    if (store.closed()) {
      return "the transfer log is closed";
    }
    String failed = lastFailure;
    if (failed != null) {
      return "the last append failed (" + failed + "), and none has succeeded since";
    }
    try {
      queries.size();
      return null;
    } catch (RuntimeException e) {
      return "the transfer log does not answer: " + e.getClass().getSimpleName();
    }
  }

  /**
   * A signed checkpoint that covers every event appended before this call, to hand out: the newest
   * stored one if it does (another thread's, made meanwhile: checkpoints asked for at about the
   * same time are shared), else a new one of the log as it is now. It is in the database file, with
   * every event it covers, before it is returned. Holds the head row's lock while making one, so no
   * append slips between the size read and the root computed. Costs O(log n) reads.
   *
   * @param sign turns the {@link Checkpoint} text into its clear-signed form
   */
  public String checkpoint(UnaryOperator<String> sign) {
    return checkpoints.make(sign, queries.size());
  }

  /**
   * As {@link #checkpoint(UnaryOperator)}, for a caller that needs only the first {@code covering}
   * events covered (e.g. up to its own newest event): a checkpoint made since for anyone else will
   * then do.
   */
  public String checkpoint(UnaryOperator<String> sign, long covering) {
    return checkpoints.make(sign, covering);
  }

  /**
   * Puts every event appended so far under a signed checkpoint (none is made if the newest covers
   * them), in the database file before this returns: it is handed out later as the newest (to
   * {@code prex audit}, or in a receipt's proofs).
   */
  /**
   * The first signed checkpoint made that covers the first {@code size} events, as handed out (for
   * the console's chain of custody: the checkpoint a receipt carried covers its events).
   */
  public Optional<String> checkpointCovering(long size) {
    return store.run(
        "cannot read the checkpoints",
        c -> CheckpointRows.covering(c, size).map(CheckpointRows.Row::signed));
  }

  public void recordCheckpoint(UnaryOperator<String> sign) {
    checkpoints.make(sign, queries.size());
  }

  /** The newest signed checkpoint, if one was made. */
  public Optional<String> latestCheckpoint() {
    return checkpoints.latest();
  }

  /**
   * The inclusion proof of event {@code seq} against the newest checkpoint.
   *
   * @throws AuditLogException if there is no checkpoint yet, or it does not cover the event
   */
  public InclusionProof prove(long seq) {
    return checkpoints.prove(seq);
  }

  /**
   * The inclusion proofs of these events against the newest checkpoint, all of that one, read in
   * one pass over the tree (a receipt proves every event of its submission).
   *
   * @throws AuditLogException if there is no checkpoint yet, or it does not cover every event
   */
  public List<InclusionProof> proveAll(List<Long> seqs) {
    return checkpoints.proveAll(List.copyOf(seqs), 0).proofs();
  }

  /**
   * The inclusion proofs of these events under the checkpoint of {@code treeSize} events (0: the
   * newest), and that size: a long list proved part by part, every part under the same checkpoint.
   *
   * @throws AuditLogException if there is no such checkpoint, or it does not cover an event
   */
  public Proved proveAll(List<Long> seqs, long treeSize) {
    if (treeSize < 0) {
      throw new IllegalArgumentException("Invalid tree size " + treeSize);
    }
    return checkpoints.proveAll(List.copyOf(seqs), treeSize);
  }

  /** Proofs, and the size of the checkpoint they are proved under. */
  public record Proved(long treeSize, List<InclusionProof> proofs) {}

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
    return store.run("cannot verify the log", c -> LogCheck.run(c, sizes));
  }

  /**
   * An inclusion proof: event {@code seq} is leaf {@code seq - 1} of the tree of the checkpoint.
   */
  public record InclusionProof(long seq, byte[] leafHash, List<byte[]> proof, String checkpoint) {}

  @Override
  public void close() {
    if (store.closeStore() && journal != null) {
      journal.release();
    }
  }
}
