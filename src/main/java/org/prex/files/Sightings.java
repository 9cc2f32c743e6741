package org.prex.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When this exchange first saw each thing in the drop box as it is now (an entry under a temporary
 * name in a lab's {@code /inbox} or an agency's {@code /returns}, an empty folder, a findings
 * folder waiting for a listed file), kept in a file of its own under {@code DATA} so that a policy
 * reload or a restart does not start a wait again (docs/review-cycle.md, docs/threat-model.md). A
 * thing seen changed starts its wait again. The file holds paths labs and agencies chose, so it is
 * the owner's only; it is never logged.
 */
public final class Sightings {
  private static final Logger LOG = LoggerFactory.getLogger(Sightings.class);

  private record Seen(String as, Instant since) {}

  private final Path file;
  private final Map<String, Seen> seen = new LinkedHashMap<>();
  private boolean deferred;
  private boolean dirty;

  public Sightings(Path file) {
    this.file = file;
    try {
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String[] f = line.split("\t", 3);
          if (f.length == 3) {
            seen.put(unescape(f[0]), new Seen(unescape(f[1]), Instant.parse(f[2])));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the waits start again: later, never sooner
      seen.clear();
      LOG.warn("{} could not be read; waits in the drop box start again ({})", file, e.getClass());
    }
  }

  /**
   * From now on, changes are written only by {@link #flush()}: a caller that notes thousands of
   * sightings in one pass writes the file once, not once each. A stop before the flush loses that
   * pass's sightings: their waits start again, later, never sooner.
   */
  public synchronized Sightings deferringSaves() {
    deferred = true;
    return this;
  }

  /** Writes what changed since the last write. */
  public synchronized void flush() {
    if (dirty) {
      write();
    }
  }

  /** Whether {@code key} is recorded as seen {@code as}. */
  public synchronized boolean is(String key, String as) {
    Seen s = seen.get(key);
    return s != null && s.as().equals(as);
  }

  /** When {@code key} was first seen {@code as} it is now; now if it is new or has changed. */
  public synchronized Instant since(String key, String as, Instant now) {
    Seen s = seen.get(key);
    if (s != null && s.as().equals(as)) {
      return s.since();
    }
    seen.put(key, new Seen(as, now));
    save();
    return now;
  }

  /** Whether {@code key} is known, whatever it was seen as. */
  public synchronized boolean has(String key) {
    return seen.containsKey(key);
  }

  public synchronized void forget(String key) {
    if (seen.remove(key) != null) {
      save();
    }
  }

  /** Forgets every key that {@code gone} says is no longer there. */
  public synchronized void forgetIf(Predicate<String> gone) {
    if (seen.keySet().removeIf(gone)) {
      save();
    }
  }

  private void save() {
    dirty = true;
    if (!deferred) {
      write();
    }
  }

  private void write() {
    dirty = false;
    List<String> lines = new ArrayList<>();
    seen.forEach(
        (k, s) -> lines.add(escape(k) + "\t" + escape(s.as()) + "\t" + s.since().toString()));
    try {
      OwnerOnly.createFolders(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      OwnerOnly.writeString(tmp, String.join("\n", lines));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // kept in memory: after a restart the waits start again (later, never sooner)
      LOG.warn("{} could not be written ({})", file, e.getClass().getName());
    }
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
