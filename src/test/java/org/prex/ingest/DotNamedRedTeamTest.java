package org.prex.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.config.Policy;
import org.prex.files.Sightings;
import org.prex.staging.Staging;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;
import org.prex.testing.Policies;
import org.prex.testing.ShiftedClock;

/**
 * Red team of commit 86021a9: the folder intake takes a loose file whose name starts with a dot
 * (which the SFTP consumer skips) once it has stayed unchanged (size and time) for the policy's
 * partial-upload-max-age since prex first saw it, keeping first sightings in {@link Sightings}.
 * Attacked as a hostile lab and a broken server, at unit level: a real {@link FolderIntake}, {@link
 * Stager}, {@link Staging} and audit log, over a drop box in memory or in a local folder. Each test
 * not named heldUp_ shows one defect and fails while it is there.
 */
class DotNamedRedTeamTest {
  static final String LAB = "acme-ai";
  static final String DOT = LAB + "/inbox/.model.bin";
  static final Duration MAX_AGE = Duration.ofSeconds(10);

  @TempDir Path root;
  final ShiftedClock clock = new ShiftedClock();
  final Set<String> writing = ConcurrentHashMap.newKeySet();
  AuditLog log;
  Staging staging;
  final List<FolderIntake> intakes = new ArrayList<>();

  @AfterEach
  void close() {
    intakes.forEach(FolderIntake::close);
    if (log != null) {
      log.close();
    }
  }

  static Policy policy() throws Exception {
    return Policies.parse(
        "version: 1",
        "default-designation: CUI//SP-PROPIN",
        "manifest-timeout: PT1H",
        "partial-upload-max-age: PT10S",
        "agencies:",
        "  caisi: { country: USA, federal: true, categories: [PROPIN, EXPT],"
            + " deliver: 'file:outbox/caisi' }");
  }

  Path sightingsFile() {
    return root.resolve("data/ingest/first-seen-" + LAB + ".tsv");
  }

  /** The folder intake of one lab as PrexServer wires it, taking dot files with {@code taker}. */
  FolderIntake wire(DropBoxClient box, java.util.function.Function<Staging, Stager> stager)
      throws Exception {
    if (log == null) {
      log = AuditLog.open(root.resolve("data"));
      staging = new Staging(root.resolve("staging"));
    }
    Stager s = stager.apply(staging);
    FolderIntake intake =
        new FolderIntake(() -> box, Set.of(LAB), writing::contains, staging, log, policy(), clock);
    intake.takingDotNamedFiles(s::take, new Sightings(sightingsFile()));
    intakes.add(intake);
    return intake;
  }

  /** Reading through the drop box client, as from an external --ingest server. */
  FolderIntake externalIntake(DropBoxClient box) throws Exception {
    return wire(box, st -> new Stager(st, log));
  }

  /** Item folders in staging that no committed submission names: plaintext left behind. */
  List<String> orphanItems() throws IOException {
    Set<String> named = new java.util.HashSet<>();
    for (StagedSubmission s : staging.pending()) {
      s.items().forEach(i -> named.add(i.itemId()));
    }
    if (!Files.isDirectory(staging.root())) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(staging.root())) {
      return all.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("i-") && !named.contains(n))
          .sorted()
          .toList();
    }
  }

  static byte[] bytes(char c, int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }

  // ---------------------------------------------------------------------------------------------
  // defects

  /**
   * Attack (hostile or merely unlucky lab, `put -p` / setstat): a dot-named file is left in the
   * inbox, prex first sees it at T0; 9 s later (max age 10 s) the lab writes it again under the
   * same name, with content of the same size, and its client preserves the old modification time.
   * prex sees it being written at that poll. Expected: a file written again starts its wait again;
   * it is taken no sooner than partial-upload-max-age after it was last seen being written (its
   * client may be about to rename it: a temporary name is exactly what the wait protects). Actual:
   * the first sighting is kept (size and time are the same), so the new content is taken two
   * seconds after it was written, as if it had stood unchanged for the whole wait. Suggested fix:
   * in FolderIntake.dotNamed, forget the sighting (Sightings.forget) whenever the file is being
   * written or settling, and for the embedded drop box put the file's identity (inode, as
   * DropBoxFiles.identity gives) into the sighting's "as".
   */
  @Test
  void aDotFileWrittenAgainWithTheSameSizeAndTime_isTakenWithoutANewWait() throws Exception {
    MemBox box = new MemBox();
    box.put(DOT, bytes('A', 1000), 1_700_000_000_000L);
    FolderIntake intake = externalIntake(box);
    assertEquals(List.of(), intake.poll(), "first seen now: not taken yet");

    clock.advance(Duration.ofSeconds(9));
    writing.add(DOT); // the lab opens it again and writes it
    box.put(DOT, bytes('B', 1000), 1_700_000_000_000L); // same size, time set back (put -p)
    assertEquals(List.of(), intake.poll(), "being written: not taken");
    writing.remove(DOT);

    clock.advance(Duration.ofSeconds(2));
    List<Submission> taken = intake.poll();
    assertEquals(
        0,
        taken.size(),
        "written again 2 s ago (seen being written), yet taken at once: the wait of"
            + " partial-upload-max-age ("
            + MAX_AGE
            + ") did not start again");
  }

  /**
   * Attack (hostile lab, embedded drop box with in-place reads): the lab leaves a large file under
   * a dot name; when prex takes it (predictably: partial-upload-max-age after it was first seen),
   * the lab renames it to another dot name while prex copies it, then renames it back before the
   * next poll. Expected: a take that fails leaves nothing in staging (Custody's promise), and a
   * file that disappeared and came back waits again. Actual: Stager.stage's identity check after
   * the copy throws NoSuchFileException (the name is gone) without releasing the item, so the full
   * plaintext copy stays in staging until the next start (Staging.removeAborted); the name put back
   * has the same size and time, so its old sighting still counts and it is taken again at the next
   * poll, with no wait: every cycle leaves another full copy of the model in staging, until the
   * disk is full for every lab. (The identity check itself also serves the SFTP consumer's loose
   * files: a rename during their take leaks the same way.) Suggested fix: in Stager.stage, release
   * the item when the identity check after the copy throws (wrap it: catch IOException |
   * RuntimeException, staging.releaseItem(itemId), rethrow); in FolderIntake, forget a dot file's
   * sighting when its take fails.
   */
  @Test
  void aDotFileRenamedAwayDuringAnInPlaceTake_leavesItsCopyInStaging_andComesBackWithoutAWait()
      throws Exception {
    Path dropBox = root.resolve("dropbox");
    Path file = dropBox.resolve(DOT);
    Path aside = dropBox.resolve(LAB + "/inbox/.aside");
    Files.createDirectories(file.getParent());
    Files.write(file, bytes('W', 200_000));
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
    DirBox box = new DirBox(dropBox);
    // the lab renames the file away just as prex's copy reaches its end
    box.atEndOfRead =
        () -> {
          try {
            Files.move(file, aside);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    FolderIntake wired = wire(box, st -> new Stager(st, log, box.inPlace()));
    assertEquals(List.of(), wired.poll(), "first seen");
    clock.advance(MAX_AGE.plusSeconds(1));
    assertEquals(List.of(), wired.poll(), "the take fails: the name was renamed away");
    Files.move(aside, file); // put back before the next poll: same size, same time
    box.atEndOfRead = () -> {};
    assertEquals(List.of(), wired.poll(), "put back, it waits again: not taken at once");
    assertTrue(Files.exists(file), "still in the drop box, waiting");
    assertEquals(
        List.of(),
        orphanItems(),
        "each failed take left the full plaintext copy in staging, and the file put back was"
            + " taken again at once (no new wait)");
  }

  /**
   * Attack (hostile lab, quota inbox-files 100000 by default): the lab puts many empty files under
   * dot names in its inbox. Expected: noting first sightings costs a little per file. Actual: every
   * new sighting rewrites the whole first-seen file (Sightings.save on each since/forget), so n new
   * files write O(n²) bytes in one poll, on the lab's ingest turn and one of the four shared take
   * threads; when they are taken, each forget rewrites it again; and a lab that touches their times
   * (setstat is allowed) starts it all again at every poll. Measured on this machine: 6,000 empty
   * files, 16.5 s for one poll; 20,000 (a fifth of the default quota), 2 min 43 s; the default
   * quota's 100,000 would hold the lab's turn for over an hour, at every touch. Suggested fix: save
   * once per poll (mark dirty in since/forget, save at the end of FolderIntake.poll), or append
   * sightings to a journal and compact it now and then; and cap the dot files noted per poll.
   */
  @Test
  void manyDotFiles_eachFirstSightingRewritesTheWholeSightingsFile() throws Exception {
    int n = 6_000;
    MemBox box = new MemBox();
    for (int i = 0; i < n; i++) {
      box.put(LAB + "/inbox/.f" + i, new byte[0], 1_700_000_000_000L);
    }
    FolderIntake intake = externalIntake(box);
    long start = System.nanoTime();
    intake.poll();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(
        took.compareTo(Duration.ofSeconds(3)) < 0,
        "one poll noting "
            + n
            + " empty dot files took "
            + took
            + " (the first-seen file, "
            + Files.size(sightingsFile())
            + " bytes at the end, was rewritten whole for every one of them)");
  }

  /**
   * Attack (broken server, or an --ingest server whose ingest account may read but not remove): a
   * dot file is taken, but its removal from the drop box keeps failing. Expected: the upload is
   * answered once (delivered), perhaps once more as "identical to an upload already taken" after a
   * transient failure, and then only its removal is retried, as the folder intake does for files of
   * a folder already in custody (removed, not taken again). Actual: its sighting is not forgotten,
   * so it is copied into staging again at every poll (a 50 GB model: 50 GB a second) and each copy
   * becomes a new submission refused with a receipt: the lab's receipts folder and the audit log
   * grow without end. Suggested fix: when a taken dot file cannot be removed, record in its
   * sighting that it was taken (as the upload key without the hash: lab, path, size, time) and on
   * later polls only retry the removal, as FolderIntake.consider does with handledAs/custody keys.
   */
  @Test
  void aDotFileWhoseRemovalKeepsFailing_isCopiedAndRefusedAgainAtEveryPoll() throws Exception {
    MemBox box = new MemBox();
    box.put(DOT, bytes('M', 4096), 1_700_000_000_000L);
    box.failRemove = p -> true;
    FolderIntake intake = externalIntake(box);
    intake.poll();
    clock.advance(MAX_AGE.plusSeconds(1));
    int submissions = 0;
    for (int i = 0; i < 5; i++) {
      submissions += intake.poll().size();
      clock.advance(Duration.ofSeconds(1));
    }
    assertTrue(
        submissions <= 2,
        "five polls while its removal fails made "
            + submissions
            + " submissions of the one file (each a full copy in staging and a receipt); opens: "
            + box.opens);
  }

  // ---------------------------------------------------------------------------------------------
  // what held

  /** A dot file still growing between polls (a slow or resumed upload) waits again each time. */
  @Test
  void heldUp_aDotFileGrowingBetweenPolls_restartsItsWait() throws Exception {
    MemBox box = new MemBox();
    box.put(DOT, bytes('A', 10), 1_700_000_000_000L);
    FolderIntake intake = externalIntake(box);
    intake.poll();
    for (int i = 1; i <= 5; i++) {
      clock.advance(MAX_AGE.minusSeconds(1));
      box.put(DOT, bytes('A', 10 + i), 1_700_000_000_000L + i * 1000L);
      assertEquals(List.of(), intake.poll(), "grown since the last poll: waits again");
    }
    clock.advance(MAX_AGE.minusSeconds(1));
    assertEquals(List.of(), intake.poll(), "not yet max age since last seen changed");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(1, intake.poll().size(), "taken once left alone for max age");
    assertFalse(box.files.containsKey(DOT), "and removed from the drop box");
    assertFalse(Files.readString(sightingsFile()).contains(".model.bin"), "sighting forgotten");
  }

  /**
   * A dot file that grows while it is being copied (external server: no open-handle knowledge) is
   * not taken: the listed size differs from what was read; nothing stays in staging; it waits again
   * (its size changed) and is taken whole later.
   */
  @Test
  void heldUp_aDotFileAppendedDuringTheTake_isNotTakenTruncated() throws Exception {
    MemBox box = new MemBox();
    box.put(DOT, bytes('A', 100), 1_700_000_000_000L);
    box.appendOnOpen = 50;
    FolderIntake intake = externalIntake(box);
    intake.poll();
    clock.advance(MAX_AGE.plusSeconds(1));
    assertEquals(List.of(), intake.poll(), "changed while being taken");
    assertEquals(List.of(), orphanItems());
    assertTrue(box.files.containsKey(DOT));
    box.appendOnOpen = 0;
    assertEquals(List.of(), intake.poll(), "its size changed: the wait starts again");
    clock.advance(MAX_AGE.plusSeconds(1));
    List<Submission> taken = intake.poll();
    assertEquals(1, taken.size());
    assertEquals(150, taken.get(0).items().get(0).staged().size());
  }

  /** Never a file being written, never a .filepart (the stale-partials sweep's), never a folder. */
  @Test
  void heldUp_beingWritten_filepart_andDotFolders_areNotTakenAsLooseFiles() throws Exception {
    MemBox box = new MemBox();
    box.put(DOT, bytes('A', 10), 1_700_000_000_000L);
    box.put(LAB + "/inbox/.x.filepart", bytes('A', 10), 1_700_000_000_000L);
    box.put(LAB + "/inbox/.folder/.inner", bytes('A', 10), 1_700_000_000_000L);
    writing.add(DOT);
    FolderIntake intake = externalIntake(box);
    intake.poll();
    clock.advance(Duration.ofDays(3));
    assertEquals(List.of(), intake.poll());
    assertTrue(box.files.containsKey(LAB + "/inbox/.x.filepart"));
    assertTrue(box.files.containsKey(LAB + "/inbox/.folder/.inner"));
    assertTrue(box.files.containsKey(DOT));
  }

  /**
   * The wait survives a reload (a new intake over the same first-seen file); a corrupt first-seen
   * file makes it start again (later, never sooner); one that cannot be written keeps it in memory.
   */
  @Test
  void heldUp_theWaitSurvivesAReload_andACorruptFileOnlyMakesItLonger() throws Exception {
    MemBox box = new MemBox();
    box.put(DOT, bytes('A', 10), 1_700_000_000_000L);
    FolderIntake first = externalIntake(box);
    first.poll();
    first.close();
    clock.advance(MAX_AGE.plusSeconds(1));
    FolderIntake reloaded = externalIntake(box);
    assertEquals(1, reloaded.poll().size(), "a reload does not start the wait again");

    box.put(DOT.replace("model", "other"), bytes('B', 10), 1_700_000_000_000L);
    reloaded.poll();
    Files.writeString(sightingsFile(), "dot\t" + LAB + "/inbox/.other.bin\t10\t1\tnot-an-instant");
    clock.advance(MAX_AGE.plusSeconds(1));
    FolderIntake afterCorruption = externalIntake(box);
    assertEquals(List.of(), afterCorruption.poll(), "corrupt: the wait starts again");
    clock.advance(MAX_AGE.plusSeconds(1));
    assertEquals(1, afterCorruption.poll().size());
  }

  /**
   * Names with a tab, a newline or a backslash (an external server may allow them; the embedded
   * drop box refuses them) keep their sightings across a reload: Sightings escapes them.
   */
  @Test
  void heldUp_oddNames_roundTripThroughTheSightingsFile() throws Exception {
    Sightings s = new Sightings(root.resolve("s.tsv"));
    java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
    List<String> keys = List.of("dot\ta/inbox/.a\tb", "dot\ta/inbox/.a\nb", "dot\ta/inbox/.a\\nb");
    for (String k : keys) {
      s.since(k, "1\t2", t0);
    }
    Sightings again = new Sightings(root.resolve("s.tsv"));
    for (String k : keys) {
      assertEquals(t0, again.since(k, "1\t2", t0.plusSeconds(99)), k);
    }
  }

  /**
   * A dot file whose removal fails once after its take is answered once: the next poll only removes
   * it (it used to be taken again and answered a second time, as identical).
   */
  @Test
  void heldUp_aTransientRemovalFailure_isAnsweredOnce_andOnlyRemovedAfter() throws Exception {
    MemBox box = new MemBox();
    box.put(DOT, bytes('M', 64), 1_700_000_000_000L);
    int[] failures = {1};
    box.failRemove = p -> failures[0]-- > 0;
    FolderIntake intake = externalIntake(box);
    intake.poll();
    clock.advance(MAX_AGE.plusSeconds(1));
    List<Submission> first = intake.poll();
    assertEquals(1, first.size());
    assertNull(first.get(0).staged().rejection());
    assertTrue(box.files.containsKey(DOT), "its removal failed once");
    List<Submission> second = intake.poll();
    assertEquals(List.of(), second, "not taken, nor answered, a second time");
    assertFalse(box.files.containsKey(DOT), "removed at the next poll");
    assertEquals(1, box.opens, "read once");
    assertEquals(List.of(), intake.poll());
  }

  // ---------------------------------------------------------------------------------------------
  // drop boxes for the tests

  /** A drop box in memory, as the ingest account of an external server sees it. */
  static final class MemBox implements DropBoxClient {
    final Map<String, byte[]> files = new TreeMap<>();
    final Map<String, Long> times = new TreeMap<>();
    volatile Predicate<String> failRemove = p -> false;
    volatile int appendOnOpen;
    int opens;

    synchronized void put(String path, byte[] content, long time) {
      files.put(path, content);
      times.put(path, time);
    }

    @Override
    public synchronized List<Entry> list(String dir) {
      String prefix = dir + "/";
      Map<String, Entry> out = new TreeMap<>();
      for (String p : files.keySet()) {
        if (!p.startsWith(prefix)) {
          continue;
        }
        String rest = p.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
          out.put(rest, new Entry(p, files.get(p).length, times.get(p), false));
        } else {
          String d = prefix + rest.substring(0, slash);
          out.put(rest.substring(0, slash), new Entry(d, 0, 1_700_000_000_000L, true));
        }
      }
      return new ArrayList<>(out.values());
    }

    @Override
    public synchronized List<Entry> listTree(String dir) {
      List<Entry> out = new ArrayList<>();
      for (Entry e : list(dir)) {
        out.add(e);
        if (e.directory()) {
          out.addAll(listTree(e.path()));
        }
      }
      return out;
    }

    @Override
    public synchronized InputStream open(String path) throws IOException {
      opens++;
      byte[] b = files.get(path);
      if (b == null) {
        throw new NoSuchFileException(path);
      }
      if (appendOnOpen > 0) {
        byte[] longer = Arrays.copyOf(b, b.length + appendOnOpen);
        files.put(path, longer);
        times.put(path, times.get(path) + 1000);
        b = longer;
      }
      return new ByteArrayInputStream(b);
    }

    @Override
    public synchronized void remove(String path) throws IOException {
      if (failRemove.test(path)) {
        throw new IOException("remove " + path + ": permission denied");
      }
      if (files.remove(path) == null) {
        throw new NoSuchFileException(path);
      }
      times.remove(path);
    }

    @Override
    public void removeDir(String path) {}

    @Override
    public void mkdir(String path) {}

    @Override
    public void upload(Path from, String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void rename(String from, String to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  /**
   * A drop box over a local folder, with in-place reads as the embedded drop box's (identity: the
   * file's key, size and time, as DropBox.identityForIngest gives).
   */
  static final class DirBox implements DropBoxClient {
    final Path root;
    volatile Runnable atEndOfRead = () -> {};

    DirBox(Path root) {
      this.root = root;
    }

    DropBoxFiles inPlace() {
      return DropBoxFiles.of(
          p ->
              new FilterInputStream(Files.newInputStream(root.resolve(p))) {
                boolean ended;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                  int n = super.read(b, off, len);
                  if (n < 0 && !ended) {
                    ended = true;
                    atEndOfRead.run();
                  }
                  return n;
                }
              },
          p -> {
            BasicFileAttributes a =
                Files.readAttributes(root.resolve(p), BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime());
          });
    }

    @Override
    public List<Entry> list(String dir) throws IOException {
      Path d = root.resolve(dir);
      if (!Files.isDirectory(d)) {
        return List.of();
      }
      List<Entry> out = new ArrayList<>();
      try (Stream<Path> s = Files.list(d)) {
        for (Path p : s.sorted().toList()) {
          boolean isDir = Files.isDirectory(p);
          out.add(
              new Entry(
                  dir + "/" + p.getFileName(),
                  isDir ? 0 : Files.size(p),
                  Files.getLastModifiedTime(p).toMillis() / 1000 * 1000,
                  isDir));
        }
      }
      return out;
    }

    @Override
    public List<Entry> listTree(String dir) throws IOException {
      List<Entry> out = new ArrayList<>();
      for (Entry e : list(dir)) {
        out.add(e);
        if (e.directory()) {
          out.addAll(listTree(e.path()));
        }
      }
      return out;
    }

    @Override
    public InputStream open(String path) throws IOException {
      return Files.newInputStream(root.resolve(path));
    }

    @Override
    public void remove(String path) throws IOException {
      Files.delete(root.resolve(path));
    }

    @Override
    public void removeDir(String path) throws IOException {
      Files.delete(root.resolve(path));
    }

    @Override
    public void mkdir(String path) throws IOException {
      Files.createDirectory(root.resolve(path));
    }

    @Override
    public void upload(Path from, String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void rename(String from, String to) throws IOException {
      Files.move(root.resolve(from), root.resolve(to));
    }

    @Override
    public void close() {}
  }
}
