package org.prex.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.prex.files.OwnerOnly;
import org.prex.merkle.TreeHash;

/**
 * A redo journal beside the H2 database, {@code <data>/audit/journal}: one line per event and per
 * stored checkpoint, written before {@link AuditLog#append} and {@link AuditLog#checkpoint} return,
 * after H2 committed the row. It exists because H2's crash recovery can drop the last commits after
 * a kill -9 of the process (see {@link LogStore}'s settings), while the exchange needs an event
 * append returned to stay (receipts hand out checkpoints that cover it; docs/audit-log.md). Opening
 * the log for writing re-inserts what the journal holds beyond the database's last event ({@link
 * #replay}); read-only opens never write and never replay.
 *
 * <p>A line holds exactly the stored columns of its row (every {@link Field} of the event; or tree
 * size, time, root hash and signed text; docs/audit-log.md), so the re-inserted row, its leaf hash
 * and its tree nodes are identical to the lost ones. Like the log it holds metadata only, never
 * file content. Each event line carries its leaf hash, which {@link #replay} recomputes, so a torn
 * or damaged line is recognised and ignored; a line that disagrees with a row the database holds is
 * a sign of tampering and stops the opening.
 *
 * <p>Durability: lines are written with {@link FileChannel#write} into the operating system's page
 * cache, which a kill -9 of the process does not lose. They are forced to stable storage ({@link
 * #force}) before a checkpoint that covers them leaves the log (docs/audit-log.md, "Durability"),
 * so that a power loss or OS crash cannot take back an event that a receipt or a manifest already
 * covers. Lines no checkpoint covers yet are not forced one by one: that would cost a disk flush
 * per event.
 *
 * <p>Bounded: when the current file holds lines for {@value #SEGMENT_EVENTS} or more sequence
 * numbers, it is renamed to {@code journal.1} (replacing the one before) and a new {@code journal}
 * starts, so the two files always keep at least the newest {@value #SEGMENT_EVENTS} events and the
 * checkpoints among them, and never much more than twice that (4 to 8 MB at about 390 bytes per
 * event line; a line grows with its reason, at most about 60 KB). H2 loses only its last few
 * commits, so that margin is ample; the rename is atomic, so a kill during rotation loses no line.
 *
 * <p>Several processes may write the same log (H2's auto-server): each line is written under an
 * exclusive lock of {@code journal.lock} (and, within one JVM, one shared instance per folder, as
 * the OS lock belongs to the process), and a writer whose file was rotated away by another process
 * notices it by the file's identity and reopens.
 */
final class Journal {
  /** How many sequence numbers one journal file spans before it is rotated. */
  static final int SEGMENT_EVENTS = 10_000;

  /** {@link #SEGMENT_EVENTS}; tests lower it to see rotation. */
  static volatile int segmentEvents = SEGMENT_EVENTS;

  static final String FILE = "journal";
  static final String PREVIOUS = "journal.1";
  private static final String LOCK = "journal.lock";

  /** An event line keeps its time as epoch milliseconds, as the store does, under this key. */
  private static final String TIME_MS = "timeMs";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final Map<Path, Journal> OPEN = new HashMap<>();

  private final Path location;
  private final Path current;
  private final Path previous;
  private int users;
  private FileChannel lockChannel;
  private FileChannel channel;
  private Object channelKey;
  private long firstSeq = -1;

  /** Whether a journal file was created or renamed since the last {@link #force}. */
  private boolean folderChanged;

  private final Object forcing = new Object();

  /** How many times a journal file was forced to the disk; tests read it. */
  private long forces;

  private Journal(Path location) {
    this.location = location;
    this.current = location.resolve(FILE);
    this.previous = location.resolve(PREVIOUS);
  }

  /** The journal of the log in {@code location}, shared by every writer of this JVM. */
  static Journal acquire(Path location) {
    synchronized (OPEN) {
      Journal j = OPEN.computeIfAbsent(location, Journal::new);
      j.users++;
      return j;
    }
  }

  /** Gives back an {@link #acquire}d journal; the last user closes its files. */
  void release() {
    synchronized (OPEN) {
      if (--users > 0) {
        return;
      }
      OPEN.remove(location);
      synchronized (this) {
        closeChannel();
        if (lockChannel != null) {
          try {
            lockChannel.close();
          } catch (IOException ignored) {
            // nothing was written through it
          }
          lockChannel = null;
        }
      }
    }
  }

  /** Records an event the database committed. */
  void event(AuditEvent e) throws IOException {
    write(e.seq(), line(e));
  }

  /** Records events the database committed in one transaction, in one write. */
  void events(List<AuditEvent> events) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (AuditEvent e : events) {
      lines.append(line(e));
    }
    write(events.get(0).seq(), lines.toString());
  }

  private static String line(AuditEvent e) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    for (Field f : Field.values()) {
      switch (f.kind) {
        case SEQ -> line.put(f.key, e.seq());
        case TIME -> line.put(TIME_MS, e.time().toEpochMilli());
        case LEAF_HASH -> line.put(f.key, e.leafHash());
        default -> {
          String value = f.text(e.draft());
          if (value != null || !f.omittedWhenNull()) {
            line.put(f.key, value);
          }
        }
      }
    }
    return "E " + JSON.writeValueAsString(line) + "\n";
  }

  /** Records a checkpoint row the database committed. */
  void checkpoint(CheckpointRows.Row row) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    line.put("treeSize", row.treeSize());
    line.put("timeMs", row.timeMs());
    line.put("rootHash", HEX.formatHex(row.rootHash()));
    line.put("signed", row.signed());
    write(row.treeSize(), "C " + JSON.writeValueAsString(line) + "\n");
  }

  /** A write of a line, after the database committed its row. */
  interface Line {
    void write() throws IOException;
  }

  /**
   * Writes the line of a row the database committed.
   *
   * @throws AuditLogException naming {@code what} and that the row is committed but not journalled
   */
  void committed(String what, Line line) {
    try {
      line.write();
    } catch (IOException e) {
      throw LogStore.failure(
          location, what + " (committed, but not written to the journal " + FILE + ")", e);
    }
  }

  /**
   * Writes one line. A file channel closes when its thread is interrupted (Camel interrupts workers
   * on shutdown) while H2 retries such writes: so an interrupted write is retried on a reopened
   * channel, with the thread's interrupt status cleared meanwhile and set again after.
   */
  private synchronized void write(long seq, String text) throws IOException {
    boolean interrupted = false;
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          writeOnce(seq, text);
          return;
        } catch (ClosedByInterruptException | FileLockInterruptionException e) {
          interrupted = true;
          Thread.interrupted();
          if (attempt == 3) {
            throw e;
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Run before each rotation: the log flushes its database there (see {@link #rotate}). */
  private volatile Runnable beforeRotate = () -> {};

  void beforeRotate(Runnable flush) {
    this.beforeRotate = flush;
  }

  private void writeOnce(long seq, String text) throws IOException {
    try (FileLock ignored = lockChannel().lock()) {
      openCurrent();
      if (firstSeq >= 0 && seq - firstSeq >= segmentEvents) {
        // the database file holds every event the segment about to go to journal.1 covers before
        // that segment can be replaced: a kill can then cost H2 at most the new segments' events
        beforeRotate.run();
        rotate();
      }
      long end = channel.size();
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (end > 0 && !endsWithNewline(end)) {
        // a writer killed mid-line left a fragment: end it, so this line stays whole
        bytes = ("\n" + text).getBytes(StandardCharsets.UTF_8);
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        end += channel.write(buffer, end);
      }
      if (firstSeq < 0) {
        firstSeq = seq;
      }
    }
  }

  /**
   * Puts every line written so far on stable storage: the current file's data, the previous file's
   * (forced at rotation) and the folder's entries for both, so that neither a rotation nor a new
   * file can be lost in a crash. The file is forced even if this process wrote nothing since the
   * last call, as another process writing the same log may have.
   *
   * @throws IOException if the disk does not confirm it; the caller must not hand out what the
   *     lines cover
   */
  void force() throws IOException {
    // writers go on meanwhile: the disk flush runs outside the monitor their lines are written
    // under
    synchronized (forcing) {
      for (int attempt = 1; ; attempt++) {
        FileChannel current;
        boolean folder;
        synchronized (this) {
          try (FileLock ignored = lockChannel().lock()) {
            openCurrent();
          }
          current = channel;
          folder = folderChanged;
          folderChanged = false;
        }
        try {
          current.force(false);
        } catch (ClosedChannelException e) {
          synchronized (this) {
            folderChanged |= folder;
          }
          if (e instanceof ClosedByInterruptException || attempt == 3) {
            throw e;
          }
          // rotated away meanwhile (and forced before it was): the new file is forced next
          continue;
        }
        synchronized (this) {
          forces++;
        }
        if (folder) {
          try (FileChannel dir = FileChannel.open(location, StandardOpenOption.READ)) {
            dir.force(true);
          } catch (IOException e) {
            synchronized (this) {
              folderChanged = true;
            }
            throw e;
          }
        }
        return;
      }
    }
  }

  /**
   * For a process that reads the log without writing it ({@code prex audit checkpoint}, {@code
   * audit prove}): puts the journal files in {@code location} and their folder on stable storage
   * before a checkpoint read from the database leaves, as a writer would have (a writer forces them
   * only once it has stored the checkpoint's own line). Forcing a file opened for reading forces
   * what any process wrote to it.
   */
  static void forceFiles(Path location) throws IOException {
    for (String name : new String[] {PREVIOUS, FILE}) {
      try (FileChannel f = FileChannel.open(location.resolve(name), StandardOpenOption.READ)) {
        f.force(false);
      } catch (NoSuchFileException e) {
        // not there yet
      }
    }
    try (FileChannel dir = FileChannel.open(location, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  synchronized long forces() {
    return forces;
  }

  private boolean endsWithNewline(long end) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    return channel.read(last, end - 1) == 1 && last.get(0) == '\n';
  }

  private FileChannel lockChannel() throws IOException {
    if (lockChannel != null && !lockChannel.isOpen()) {
      lockChannel = null;
    }
    if (lockChannel == null) {
      lockChannel =
          FileChannel.open(
              location.resolve(LOCK),
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              OwnerOnly.fileAttributes(location));
    }
    return lockChannel;
  }

  /** Makes {@link #channel} the file now named {@code journal}; another process may rotate it. */
  private void openCurrent() throws IOException {
    Object key = null;
    try {
      key = Files.readAttributes(current, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      // created below
    }
    if (channel != null && channel.isOpen() && key != null && key.equals(channelKey)) {
      return;
    }
    // a new file, or one another process rotated in: its folder entry is forced at the next force
    folderChanged |= key == null || (channelKey != null && !key.equals(channelKey));
    closeChannel();
    channel =
        FileChannel.open(
            current,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
            OwnerOnly.fileAttributes(current));
    channelKey = Files.readAttributes(current, BasicFileAttributes.class).fileKey();
    firstSeq = firstSeq(channel);
  }

  private void rotate() throws IOException {
    // journal.1 is never forced again: its lines go to the disk before it takes that name
    channel.force(false);
    forces++;
    folderChanged = true;
    closeChannel();
    Files.move(
        current, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    openCurrent();
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // written lines are in the OS already
      }
      channel = null;
      channelKey = null;
      firstSeq = -1;
    }
  }

  /** The sequence number (or tree size) of the file's first line, -1 if it has none. */
  private static long firstSeq(FileChannel c) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(32);
    c.read(head, 0);
    String text = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
    int colon = text.indexOf(':');
    int comma = text.indexOf(',');
    if (text.length() < 2 || colon < 0 || comma < colon) {
      return -1;
    }
    try {
      return Long.parseLong(text.substring(colon + 1, comma));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** What the journal files hold: events by seq and checkpoints by tree size. */
  record Contents(
      TreeMap<Long, AuditEvent> events, TreeMap<Long, CheckpointRows.Row> checkpoints) {}

  /**
   * Re-inserts, in one transaction of {@code c} (not auto-commit), the events and checkpoints the
   * journal holds beyond what the database holds, and checks the lines of events the database holds
   * against their rows. Holds the head row's lock and the journal's lock meanwhile, so no other
   * writer's append slips in between.
   *
   * @return how many events were re-inserted
   * @throws AuditLogException naming the seq, if a line disagrees with a stored row, or the journal
   *     cannot fill the gap after the database's last event
   */
  synchronized int replay(Connection c) throws SQLException, IOException {
    long size = EventRows.lockHead(c);
    Contents journal;
    try (FileLock ignored = lockChannel().lock()) {
      journal = read();
    }
    checkStored(c, journal.events(), size);
    long lastTime = size == 0 ? Long.MIN_VALUE : storedTime(c, size);
    int restored = 0;
    for (AuditEvent e : journal.events().tailMap(size, false).values()) {
      if (e.seq() != size + restored + 1) {
        throw new AuditLogException(
            location,
            "the database ends at event "
                + (size + restored)
                + " and the journal cannot restore event "
                + (size + restored + 1)
                + " (it holds event "
                + e.seq()
                + " next); move "
                + FILE
                + " and "
                + PREVIOUS
                + " away to open the log as it is, and run prex audit verify",
            null);
      }
      if (e.time().toEpochMilli() < lastTime) {
        throw conflict(e.seq(), "is older than the stored event before it");
      }
      AuditEvent again = EventRows.append(c, e.draft(), e.time(), e.seq());
      if (!again.equals(e)) {
        throw conflict(e.seq(), "cannot be re-inserted identically");
      }
      lastTime = e.time().toEpochMilli();
      restored++;
    }
    long newSize = size + restored;
    for (CheckpointRows.Row cp : journal.checkpoints().values()) {
      if (cp.treeSize() > newSize) {
        throw new AuditLogException(
            location,
            "the journal holds a checkpoint of "
                + cp.treeSize()
                + " events but the log only "
                + newSize,
            null);
      }
      Optional<CheckpointRows.Row> stored = CheckpointRows.at(c, cp.treeSize());
      if (stored.isEmpty()) {
        CheckpointRows.insert(c, cp);
      } else if (!stored.get().sameAs(cp)) {
        throw new AuditLogException(
            location,
            "the stored checkpoint of "
                + cp.treeSize()
                + " events differs from the journal's: the log may have been tampered with",
            null);
      }
    }
    return restored;
  }

  /** Every journal line of an event the database holds must match its row, field by field. */
  private void checkStored(Connection c, TreeMap<Long, AuditEvent> events, long size)
      throws SQLException {
    Map<Long, AuditEvent> held = events.headMap(size, true);
    if (held.isEmpty()) {
      return;
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT "
                + EventRows.columns(c)
                + " FROM audit_event WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
      p.setLong(1, events.firstKey());
      p.setLong(2, size);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          AuditEvent e = held.get(rs.getLong(1));
          if (e != null && !EventRows.event(rs).equals(e)) {
            throw conflict(e.seq(), "differs from the stored event " + e.seq());
          }
        }
      }
    }
  }

  private AuditLogException conflict(long seq, String what) {
    return new AuditLogException(
        location,
        "the journal's event "
            + seq
            + " "
            + what
            + ": the log or the journal may have been tampered with; refusing to open it for"
            + " writing",
        null);
  }

  private static long storedTime(Connection c, long seq) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT time_ms FROM audit_event WHERE seq = ?")) {
      p.setLong(1, seq);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
      }
    }
  }

  /**
   * The newest event the journal of the log in {@code location} holds, 0 if none; reads without
   * locking or writing anything (a hint for read-only tools: a rotation meanwhile may hide lines).
   */
  static long lastEvent(Path location) throws IOException {
    TreeMap<Long, AuditEvent> events = new Journal(location).read().events();
    return events.isEmpty() ? 0 : events.lastKey();
  }

  /**
   * Reads both journal files. A line that is cut short (a writer killed while writing it: its call
   * had not returned) or does not check out against its own leaf hash is skipped; a gap it leaves
   * shows up in {@link #replay}.
   */
  Contents read() throws IOException {
    TreeMap<Long, AuditEvent> events = new TreeMap<>();
    TreeMap<Long, CheckpointRows.Row> checkpoints = new TreeMap<>();
    for (Path file : new Path[] {previous, current}) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        continue;
      }
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          parse(new String(bytes, start, i - start, StandardCharsets.UTF_8), events, checkpoints);
          start = i + 1;
        }
      }
    }
    return new Contents(events, checkpoints);
  }

  private void parse(
      String line, Map<Long, AuditEvent> events, Map<Long, CheckpointRows.Row> checkpoints) {
    if (line.length() < 3 || line.charAt(1) != ' ') {
      return;
    }
    try {
      JsonNode n = JSON.readTree(line.substring(2));
      if (line.charAt(0) == 'E') {
        AuditEvent e = event(n);
        AuditEvent before = events.putIfAbsent(e.seq(), e);
        if (before != null && !before.equals(e)) {
          throw conflict(e.seq(), "appears twice, with different fields");
        }
      } else if (line.charAt(0) == 'C') {
        CheckpointRows.Row cp =
            new CheckpointRows.Row(
                n.get("treeSize").asLong(),
                n.get("timeMs").asLong(),
                HEX.parseHex(n.get("rootHash").asText()),
                Objects.requireNonNull(text(n, "signed")));
        checkpoints.putIfAbsent(cp.treeSize(), cp);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof AuditLogException known) {
        throw known;
      }
      // a torn or damaged line: skipped, see read()
    }
  }

  private static AuditEvent event(JsonNode n) {
    long seq = n.get(Field.SEQ.key).asLong();
    Instant time = Instant.ofEpochMilli(n.get(TIME_MS).asLong());
    EventDraft d =
        EventDraft.of(EventType.valueOf(n.get(Field.TYPE.key).asText()), f -> text(n, f.key));
    String leaf = HEX.formatHex(TreeHash.leaf(CanonicalEvent.encode(seq, time, d)));
    if (!leaf.equals(n.get(Field.LEAF_HASH.key).asText())) {
      throw new IllegalArgumentException("leaf hash of journal line " + seq + " does not match");
    }
    return AuditEvent.of(seq, time, d, leaf);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
