package org.prex.review;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.prex.ingest.DropBoxClient;
import org.prex.ingest.FolderIntake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes what agencies put into their drop-box {@code /returns} (docs/review-cycle.md): each file
 * once its upload is over and it has not changed since the previous poll, read whole (at most
 * {@link #MAX_BYTES}), handed to {@link ReturnedDocuments}, which logs what it was, and only then
 * removed. A folder holding {@code findings.yaml} (an agency's findings), once it has stopped
 * changing, is taken whole by {@link FindingsIntake} or refused whole with a notice; any other
 * folder is refused unread. Either way it is then removed.
 */
final class Returns implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Returns.class);
  static final int MAX_BYTES = 1 << 20;

  /**
   * At most this many of one agency's files are taken per tick: an agency that floods its returns
   * slows only itself, and every tick ends in bounded time.
   */
  static final int MAX_PER_TICK = 200;

  private final FolderIntake.Connector connector;
  private final Set<String> agencies;
  private final Predicate<String> beingWritten;
  private final ReturnedDocuments documents;
  private final FindingsIntake findings;
  private final Map<String, String> lastSeen = new HashMap<>();

  /** A folder whose removal prex began: what is left of it is removed without a word. */
  private static final String REMOVING = "removing\t";

  private DropBoxClient box;

  Returns(
      FolderIntake.Connector connector,
      Set<String> agencies,
      Predicate<String> beingWritten,
      ReturnedDocuments documents) {
    this(connector, agencies, beingWritten, documents, null);
  }

  /**
   * @param findings takes findings folders; null refuses every folder
   */
  Returns(
      FolderIntake.Connector connector,
      Set<String> agencies,
      Predicate<String> beingWritten,
      ReturnedDocuments documents,
      FindingsIntake findings) {
    this.findings = findings;
    this.connector = connector;
    this.agencies = Set.copyOf(agencies);
    this.beingWritten = beingWritten;
    this.documents = documents;
  }

  /** One poll of every agency's returns folder. */
  synchronized void poll() throws IOException {
    if (agencies.isEmpty()) {
      return;
    }
    // a session per poll: the review route ticks every few seconds, and a session kept between
    // ticks would outlive a reload or a stop of the routes
    try {
      box = connector.connect();
      for (String agency : agencies) {
        poll(agency);
      }
    } finally {
      closeBox();
    }
  }

  private void poll(String agency) throws IOException {
    String dir = agency + "/returns";
    List<DropBoxClient.Entry> entries;
    try {
      entries = box.list(dir);
    } catch (IOException e) {
      LOG.debug("no returns folder for agency {}: {}", agency, e.getMessage());
      return;
    }
    // what is no longer there is forgotten
    if (findings != null) {
      Set<String> present = new java.util.HashSet<>();
      entries.forEach(e -> present.add(e.path()));
      findings
          .sightings()
          .forgetIf(
              key -> {
                String path = key.substring(key.indexOf('\t') + 1);
                return !key.startsWith("waiting\t")
                    && path.startsWith(dir + "/")
                    && path.indexOf('/', dir.length() + 1) < 0
                    && !present.contains(path);
              });
    }
    int taken = 0;
    for (DropBoxClient.Entry e : entries) {
      if (taken >= MAX_PER_TICK) {
        return; // the rest next tick
      }
      if (e.name().startsWith(".") && !leftUnrenamed(e)) {
        continue; // an upload's temporary name, for now
      }
      if (e.directory()) {
        // every folder looked at counts: each may be a findings folder of a thousand files
        taken++;
        try {
          folder(agency, e);
        } catch (RuntimeException | IOException failed) {
          // the class only: the message may name the agency's files
          LOG.warn(
              "a folder agency {} returned could not be handled yet, will retry ({})",
              agency,
              failed.getClass().getName());
        }
        continue;
      }
      if (beingWritten.test(e.path()) || e.name().endsWith(".filepart")) {
        continue;
      }
      String seen = e.size() + "\t" + e.modifiedMillis();
      if (!seen.equals(lastSeen.put(e.path(), seen))) {
        continue; // new or changed since the last poll: looked at again next time
      }
      try {
        byte[] bytes = e.size() > MAX_BYTES ? null : read(e);
        // a file too large to read is known by its name, size and time
        String known = e.name() + "\t" + e.size() + "\t" + e.modifiedMillis();
        documents.accept(agency, known, bytes == null ? null : text(bytes), bytes);
        box.remove(e.path());
      } catch (RuntimeException | IOException failed) {
        // not handled (unreadable now, or the log, a notice's target or the lab's drop box
        // failed): the file stays, and is tried again next tick; the files after it, and other
        // agencies', go on
        LOG.warn(
            "a document agency {} returned could not be handled yet, will retry ({})",
            agency,
            failed.getClass().getName());
        continue;
      }
      lastSeen.remove(e.path());
      taken++;
    }
  }

  /**
   * A folder, once it has stopped changing: findings taken into custody, or refused whole with a
   * notice saying why; then removed (docs/review-cycle.md).
   */
  private void folder(String agency, DropBoxClient.Entry folder) throws IOException {
    List<DropBoxClient.Entry> all = box.listTree(folder.path());
    StringBuilder snapshot = new StringBuilder();
    long bytes = 0;
    int files = 0;
    for (DropBoxClient.Entry f : all) {
      // a file still being uploaded holds the folder back; a name alone (.filepart) does not:
      // the agency chooses names, and a stale partial is swept by partial-upload-max-age
      if (!f.directory() && beingWritten.test(f.path())) {
        return;
      }
      snapshot.append(f.path()).append('\t').append(f.size()).append('\t');
      snapshot.append(f.modifiedMillis()).append('\n');
      if (!f.directory()) {
        bytes += f.size();
        files++;
      }
    }
    if (!snapshot.toString().equals(lastSeen.put(folder.path(), snapshot.toString()))) {
      return; // new or changed since the last poll
    }
    if (files == 0 && findings != null) {
      // no file in it: nothing to take or refuse. What a removal of prex's was cut off on is
      // removed without a word; a folder the agency made is left for it to upload into, and
      // removed without a word once left empty for partial-upload-max-age
      java.time.Instant now = findings.now();
      java.time.Instant since =
          findings.sightings().since("empty\t" + folder.path(), snapshot.toString(), now);
      if (findings.sightings().has(REMOVING + folder.path())
          || !since.plus(findings.partialUploadMaxAge()).isAfter(now)) {
        remove(folder, all);
      }
      return;
    }
    try {
      if (findings != null && FindingsIntake.isFindings(folder, all)) {
        FindingsIntake.Outcome outcome = findings.take(box, agency, folder, all);
        if (outcome instanceof FindingsIntake.Waiting) {
          return;
        }
        if (outcome instanceof FindingsIntake.Refused r) {
          documents.refuseFolder(
              agency,
              folder.name(),
              snapshot.toString(),
              r.lab(),
              r.submission(),
              r.forLog(),
              r.why());
        }
      } else {
        documents.refuseFolder(agency, folder.name(), snapshot.toString(), files, bytes);
      }
    } catch (RuntimeException | IOException failed) {
      LOG.warn(
          "a folder agency {} returned could not be taken or refused yet, will retry ({})",
          agency,
          failed.getClass().getName());
      return;
    }
    remove(folder, all);
  }

  /**
   * Files first, findings.yaml last of them, then folders deepest first: a removal cut off half-way
   * leaves a findings folder that is still recognised as the one taken.
   */
  private void remove(DropBoxClient.Entry folder, List<DropBoxClient.Entry> all)
      throws IOException {
    if (findings != null) {
      findings.sightings().since(REMOVING + folder.path(), "", findings.now());
    }
    String manifest = folder.path() + "/" + org.prex.submission.FindingsParser.FILE_NAME;
    List<DropBoxClient.Entry> deepestFirst = new ArrayList<>(all);
    deepestFirst.sort(
        Comparator.comparing((DropBoxClient.Entry f) -> f.directory())
            .thenComparing(f -> f.path().equals(manifest))
            .thenComparing(
                Comparator.comparingInt((DropBoxClient.Entry f) -> f.path().length()).reversed()));
    for (DropBoxClient.Entry f : deepestFirst) {
      if (f.directory()) {
        box.removeDir(f.path());
      } else {
        box.remove(f.path());
      }
    }
    box.removeDir(folder.path());
    lastSeen.remove(folder.path());
    if (findings != null) {
      findings.sightings().forget(REMOVING + folder.path());
      findings.sightings().forget("empty\t" + folder.path());
      findings.sightings().forget("dot\t" + folder.path());
    }
  }

  /**
   * Whether an entry under a temporary (dot) name has been left unchanged, since this exchange
   * first saw it so, for partial-upload-max-age: an upload that will not be renamed, taken or
   * refused like any other. Without findings intake there is no clock, and such an entry waits.
   */
  private boolean leftUnrenamed(DropBoxClient.Entry e) {
    if (findings == null) {
      return false;
    }
    String seen = e.directory() + "\t" + e.size() + "\t" + e.modifiedMillis();
    java.time.Instant now = findings.now();
    java.time.Instant since = findings.sightings().since("dot\t" + e.path(), seen, now);
    return !since.plus(findings.partialUploadMaxAge()).isAfter(now);
  }

  private byte[] read(DropBoxClient.Entry e) throws IOException {
    try (InputStream in = box.open(e.path())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        if (out.size() > MAX_BYTES) {
          return null;
        }
      }
      return out.toByteArray();
    }
  }

  /** The text of a document, or null when it is not UTF-8. */
  private static String text(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private void closeBox() {
    if (box != null) {
      try {
        box.close();
      } catch (RuntimeException ignored) {
        // dropped either way
      }
      box = null;
    }
  }

  @Override
  public synchronized void close() {
    closeBox();
  }
}
