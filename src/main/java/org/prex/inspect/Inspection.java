package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.prex.markings.Found;
import org.prex.markings.Markings;

/** The state of inspecting one item: what was found, what could not be read, what is left. */
final class Inspection {
  final Found found = new Found();
  final Budget budget;
  private final Path scratch;
  private final List<String> failures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> unreadImages = new ArrayList<>();

  Inspection(Limits limits, long itemSize, Path scratch) {
    this.budget = new Budget(limits, itemSize);
    this.scratch = scratch;
  }

  /** Something could not be read completely: the item will be held, with the first reason. */
  Path scratch() {
    return scratch;
  }

  void fail(String reason) {
    failures.add(reason);
  }

  /**
   * Records that {@code part} {@code what} (e.g. "cannot be read"), naming only the error's type.
   */
  void fail(String what, Exception e, String part) {
    fail(what + " (" + e.getClass().getSimpleName() + "): " + Found.shortPart(part));
  }

  boolean failed() {
    return !failures.isEmpty();
  }

  void note(String note) {
    if (notes.size() < 20) {
      notes.add(note);
    }
  }

  void unreadImage(String part) {
    unreadImages.add(part);
  }

  /**
   * Copies an embedded stream into the private scratch folder (0600), within the unpacking budget.
   * The caller deletes it.
   */
  Path spool(InputStream in, String part) throws IOException {
    Path tmp =
        Files.createTempFile(
            scratch,
            "e-",
            ".part",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(tmp)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        budget.unpacked(n, part);
        out.write(buf, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /**
   * An entry's name is text a reader sees (in {@code unzip -l}, a file manager): each of its path
   * segments is scanned as a line.
   */
  void name(org.prex.markings.MarkingScanner scanner, String entryName, String part) {
    try (org.prex.markings.TextSink sink = scanner.sink(found, part + " (name)")) {
      for (String segment : entryName.split("[/\\\\]")) {
        sink.write(segment);
        sink.endLine();
      }
    }
  }

  Verdict verdict() {
    Markings m = found.markings();
    String incomplete = null;
    if (!failures.isEmpty()) {
      incomplete = failures.get(0);
      if (failures.size() > 1) {
        incomplete += " (and " + (failures.size() - 1) + " more part(s) not read)";
      }
    }
    List<String> unread = unreadImages.size() > 20 ? unreadImages.subList(0, 20) : unreadImages;
    return new Verdict(
        incomplete,
        m.cui().stream().map(Object::toString).toList(),
        m.classified(),
        m.unparsable(),
        notes,
        unread);
  }
}
