package org.prex.sftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.prex.files.OwnerOnly;

/**
 * What the other drop boxes serving the same folder are writing (docs/operations.md, "Two nodes").
 * Two {@code serve} processes of a pair both take uploads into one shared drop-box folder, and the
 * leader must never take a file that the other one's lab is still writing; each drop box therefore
 * publishes its record of uploads open, cut off, being renamed and just closed in a state file of
 * its own beside the lab folders, and reads the others'.
 *
 * <p>Three kinds of file, none of them visible to any account (lab ids cannot start with '.'):
 *
 * <ul>
 *   <li>{@code .prex-incomplete-uploads[.NODE]}: one drop box's record, replaced whole on every
 *       change; a line is a root-relative path that is open, {@code !ID path} one cut off while its
 *       file is still the one it was then (ID: size, modification time and file key), {@code >path}
 *       one being renamed, {@code +path} one closed (whole) a moment ago;
 *   <li>{@code .prex-node[.NODE].lock}: held locked by that drop box for its life, so that the
 *       others can tell a record whose writer has died; the records of a dead node are adopted as
 *       incomplete by a live one (they are what that node would read back at its own restart);
 *   <li>{@code .prex-uploads.lock}: locked around every change to a record and around the ingest
 *       side's check-then-remove, so that an upload opened through one node cannot slip in between
 *       the other's check and its removal of a file it took.
 * </ul>
 *
 * <p>Locks are the operating system's (fcntl); on a network file system they hold only where it
 * implements them (NFSv4 does).
 */
final class SharedUploads {
  static final String RECORD = ".prex-incomplete-uploads";
  private static final String NODE_LOCK = ".prex-node";
  private static final String SHARED_LOCK = ".prex-uploads.lock";
  private static final Pattern NODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  /** A record line's mark for an upload being renamed. */
  static final char RENAMING = '>';

  /** A record line's mark for an upload closed a moment ago. */
  static final char CLOSED = '+';

  /** A record line's mark for an upload cut off, followed by its file's identity then. */
  static final char CUT = '!';

  /**
   * A record line's mark for an upload closed whole, followed by its file's identity then: kept
   * while the file is still that one, so that a cut-off of the same file on another node lapses (a
   * lab that resumed it there, with nothing left to write, closed it cleanly).
   */
  static final char WHOLE = '=';

  /** What a record says of one path. */
  enum Kind {
    OPEN,
    CUT,
    WHOLE,
    RENAMING,
    CLOSED
  }

  /** One line of a record; {@code identity} only for {@link Kind#CUT}. */
  record Line(Kind kind, String path, String identity) {
    /** The line read, or null for a blank or malformed one. */
    static Line parse(String line) {
      if (line.isBlank()) {
        return null;
      }
      char mark = line.charAt(0);
      if (mark == CLOSED) {
        return new Line(Kind.CLOSED, line.substring(1), null);
      }
      if (mark == RENAMING) {
        return new Line(Kind.RENAMING, line.substring(1), null);
      }
      if (mark == CUT || mark == WHOLE) {
        int space = line.indexOf(' ');
        return space < 0
            ? null
            : new Line(
                mark == CUT ? Kind.CUT : Kind.WHOLE,
                line.substring(space + 1),
                line.substring(1, space));
      }
      return new Line(Kind.OPEN, line, null);
    }
  }

  /** Larger records are not read, and count as writing everything. */
  private static final long MAX_RECORD = 16L << 20;

  /** Locks this JVM holds through any instance, by file: the OS lock is per process. */
  private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path root;
  private final String node;
  private final FileChannel nodeLock;
  private final LongSupplier nanos;

  /**
   * When this process first saw each upload another node closed, by record: read again at every
   * look (they are small), never from a cache a rewrite in the same clock tick could leave stale.
   */
  private final Map<Path, Map<String, Long>> closedSeen = new HashMap<>();

  private record Seen(
      Set<String> writing,
      Map<String, Long> closedSeenAt,
      Map<String, String> whole,
      Map<String, String> cut) {}

  private SharedUploads(Path root, String node, FileChannel nodeLock, LongSupplier nanos) {
    this.root = root;
    this.node = node;
    this.nodeLock = nodeLock;
    this.nanos = nanos;
  }

  /**
   * Joins the drop boxes serving {@code root} as {@code node} (null for a single exchange): takes
   * that node's lock, waiting a few seconds for another process that may be adopting its record.
   *
   * @throws DropBoxException if another live drop box serves this root under the same name
   */
  static SharedUploads join(Path root, String node, LongSupplier nanos) throws IOException {
    if (node != null && !NODE.matcher(node).matches()) {
      throw new IllegalArgumentException(
          "node name '" + node + "': use 1 to 32 lower-case letters, digits and '-'");
    }
    Path lockFile = root.resolve(nodeLockName(node));
    FileChannel channel = open(lockFile);
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      FileLock lock = tryLock(channel);
      if (lock != null) {
        return new SharedUploads(root, node, channel, nanos);
      }
      if (System.nanoTime() > until) {
        channel.close();
        throw new DropBoxException(
            "another drop box serves "
                + root
                + (node == null ? "" : " as node '" + node + "'")
                + ": give each node of a pair its own name",
            null);
      }
      sleep(100);
    }
  }

  /** This drop box's own record. */
  Path ownRecord() {
    return root.resolve(recordName(node));
  }

  /** Runs {@code work} holding the lock every drop box on this root takes around changes. */
  <T> T exclusive(IoWork<T> work) throws IOException {
    Path file = root.resolve(SHARED_LOCK);
    ReentrantLock local = IN_THIS_JVM.computeIfAbsent(file, f -> new ReentrantLock());
    local.lock();
    try (FileChannel channel = open(file);
        FileLock lock = channel.lock()) {
      return work.run();
    } finally {
      local.unlock();
    }
  }

  /** Work on files that may fail. */
  interface IoWork<T> {
    T run() throws IOException;
  }

  /**
   * Whether another drop box's record has {@code path}, or anything below it, open, cut off or
   * being renamed. A record that cannot be read counts as writing everything (fail closed).
   */
  synchronized boolean writing(String path) {
    for (Seen s : read().values()) {
      if (s == null || s.writing().stream().anyMatch(p -> isAtOrBelow(p, path))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether another drop box closed an upload at or below {@code path} that this one first saw less
   * than {@code settle} ago: by this process's clock, never the other's.
   */
  synchronized boolean settling(String path, Duration settle) {
    long now = nanos.getAsLong();
    for (Seen s : read().values()) {
      if (s == null) {
        return true;
      }
      for (Map.Entry<String, Long> e : s.closedSeenAt().entrySet()) {
        if (isAtOrBelow(e.getKey(), path) && now - e.getValue() < settle.toNanos()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether another drop box closed the file at {@code path} whole while it was {@code identity}: a
   * cut-off of that same file here has been finished there.
   */
  synchronized boolean closedWholeElsewhere(String path, String identity) {
    for (Seen s : read().values()) {
      if (s != null && identity.equals(s.whole().get(path))) {
        return true;
      }
    }
    return false;
  }

  /** Whether this drop box is one node of a pair (else it serves its folder alone). */
  boolean paired() {
    return node != null;
  }

  /** Whether another drop box's record names {@code path} itself at all. */
  synchronized boolean named(String path) {
    for (Seen s : read().values()) {
      if (s == null || s.writing().contains(path) || s.closedSeenAt().containsKey(path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The records of drop boxes that are no longer running: each is handed to {@code adopt} (which
   * must record its paths as incomplete in this drop box's own record), then removed, while that
   * node's lock is held, so that it cannot start again in between.
   */
  void adoptDead(IoConsumer adopt) throws IOException {
    for (Path record : peerRecords()) {
      String peer = nodeOf(record);
      FileChannel channel = open(root.resolve(nodeLockName(peer)));
      try (channel) {
        FileLock lock = tryLock(channel);
        if (lock == null) {
          continue; // alive
        }
        Map<String, String> paths = new HashMap<>();
        for (String text : lines(record)) {
          Line line = Line.parse(text);
          if (line != null && line.kind() == Kind.CUT) {
            paths.put(line.path(), line.identity());
          } else if (line != null && line.kind() == Kind.OPEN) {
            paths.put(line.path(), identity(line.path())); // its writer is gone: as it is now
          }
        }
        adopt.accept(paths);
        Files.deleteIfExists(record);
        synchronized (this) {
          closedSeen.remove(record);
        }
      }
    }
  }

  /** Takes the paths of a dead node's record, each with its file's identity. */
  interface IoConsumer {
    void accept(Map<String, String> paths) throws IOException;
  }

  /**
   * What identifies the file at {@code key} now: its size, modification time and file key; any
   * write or replacement changes it. "absent" when there is none.
   */
  String identity(String key) {
    try {
      // never the device number: each machine mounting a network file system numbers it its own
      Map<String, Object> a =
          Files.readAttributes(
              root.resolve(key), "unix:size,lastModifiedTime,ino,ctime", LinkOption.NOFOLLOW_LINKS);
      return a.get("size")
          + "/"
          + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)
          + "/"
          + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS)
          + "/"
          + a.get("ino");
    } catch (UnsupportedOperationException e) {
      return UNREADABLE; // not a POSIX file system: holds what was cut off
    } catch (NoSuchFileException e) {
      return "absent";
    } catch (IOException e) {
      return UNREADABLE;
    }
  }

  /** The identity of a file whose attributes cannot be read. */
  static final String UNREADABLE = "unreadable";

  /**
   * Whether a file cut off as {@code recorded} is still that file, being {@code now}: yes unless
   * both are known and differ (an identity that cannot be read holds it, failing closed); a
   * recorded null (in memory only) always holds.
   */
  static boolean stillCut(String recorded, String now) {
    return recorded == null
        || recorded.equals(UNREADABLE)
        || now.equals(UNREADABLE)
        || recorded.equals(now);
  }

  /** Releases this node's lock. */
  void close() {
    try {
      nodeLock.close();
    } catch (IOException ignored) {
      // the operating system releases it when the process ends
    }
  }

  /** Every other record, read now; null for one that cannot be read. */
  private Map<Path, Seen> read() {
    Map<Path, Seen> now = new HashMap<>();
    List<Path> records;
    try {
      records = peerRecords();
    } catch (IOException e) {
      now.put(root, null);
      return now;
    }
    for (Path record : records) {
      try {
        if (Files.size(record) > MAX_RECORD) {
          now.put(record, null);
          continue;
        }
        Map<String, Long> before = closedSeen.getOrDefault(record, Map.of());
        Set<String> writing = new LinkedHashSet<>();
        Map<String, Long> closed = new HashMap<>();
        Map<String, String> whole = new HashMap<>();
        Map<String, String> cut = new HashMap<>();
        for (String text : lines(record)) {
          Line line = Line.parse(text);
          if (line == null) {
            continue;
          }
          switch (line.kind()) {
            case CLOSED -> {
              Long first = before.get(line.path());
              closed.put(line.path(), first != null ? first : nanos.getAsLong());
            }
            case CUT -> cut.put(line.path(), line.identity());
            case WHOLE -> whole.put(line.path(), line.identity());
            default -> writing.add(line.path());
          }
        }
        now.put(record, new Seen(writing, closed, whole, cut));
      } catch (NoSuchFileException gone) {
        // adopted in between
      } catch (IOException e) {
        now.put(record, null);
      }
    }
    // a cut-off is being written while its file is still the one cut off, unless some node
    // (this one too) has closed that same file whole since: a resume with nothing left to write
    // (read only when some record has a cut-off: this node's record grows with every upload it
    // closes, and reading it for every file a poll looks at made a poll of a folder of thousands
    // of files take time that grew with the square of their number)
    Map<String, String> wholeAnywhere = null;
    for (Seen v : now.values()) {
      if (v == null || v.cut().isEmpty()) {
        continue;
      }
      if (wholeAnywhere == null) {
        Map<String, String> known = new HashMap<>(ownWhole());
        now.values().stream().filter(w -> w != null).forEach(w -> known.putAll(w.whole()));
        wholeAnywhere = known;
      }
      Map<String, String> whole = wholeAnywhere;
      v.cut()
          .forEach(
              (p, id) -> {
                String current = identity(p);
                if (stillCut(id, current) && !current.equals(whole.get(p))) {
                  v.writing().add(p);
                }
              });
    }
    closedSeen.keySet().retainAll(now.keySet());
    now.forEach(
        (k, v) -> {
          if (v != null) {
            closedSeen.put(k, v.closedSeenAt());
          }
        });
    return now;
  }

  /** The uploads this node's own record says it closed whole (WHOLE lines), by path. */
  private Map<String, String> ownWhole() {
    Map<String, String> whole = new HashMap<>();
    try {
      if (Files.size(ownRecord()) <= MAX_RECORD) {
        for (String text : lines(ownRecord())) {
          Line line = Line.parse(text);
          if (line != null && line.kind() == Kind.WHOLE) {
            whole.put(line.path(), line.identity());
          }
        }
      }
    } catch (IOException e) {
      // none known: every other node's cut-off holds
    }
    return whole;
  }

  private List<Path> peerRecords() throws IOException {
    List<Path> records = new ArrayList<>();
    String own = recordName(node);
    try (DirectoryStream<Path> d = Files.newDirectoryStream(root, RECORD + "*")) {
      for (Path p : d) {
        String name = p.getFileName().toString();
        // only records by their exact names: "RECORD" or "RECORD.NODE", never a temporary file
        if (!name.equals(own) && nodeOf(p) != INVALID) {
          records.add(p);
        }
      }
    }
    return records;
  }

  private static final String INVALID = "\u0000";

  /** The node a record belongs to: null for a single exchange's, {@link #INVALID} for no record. */
  private static String nodeOf(Path record) {
    String name = record.getFileName().toString();
    if (name.equals(RECORD)) {
      return null;
    }
    String rest = name.substring(RECORD.length());
    return rest.startsWith(".") && NODE.matcher(rest.substring(1)).matches()
        ? rest.substring(1)
        : INVALID;
  }

  static String recordName(String node) {
    return node == null ? RECORD : RECORD + "." + node;
  }

  private static String nodeLockName(String node) {
    return node == null ? NODE_LOCK + ".lock" : NODE_LOCK + "." + node + ".lock";
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(
        file,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
        OwnerOnly.fileAttributes(file));
  }

  /** The lock, or null if another process, or this one, holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for the drop box's node lock");
    }
  }

  static boolean isAtOrBelow(String path, String ancestor) {
    if (ancestor.isEmpty()) {
      return true;
    }
    return path.equals(ancestor) || path.startsWith(ancestor + "/");
  }
}
