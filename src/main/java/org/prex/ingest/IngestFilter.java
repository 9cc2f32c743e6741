package org.prex.ingest;

import java.util.Set;
import java.util.function.Predicate;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Decides what the SFTP consumer walks into and takes: only the inboxes of known labs, only loose
 * files, and never a file still being written (the drop box says so, or the client writes to a
 * {@code .filepart} temporary name as WinSCP does).
 */
public final class IngestFilter implements GenericFileFilter<Object> {
  private final Set<String> labs;
  private final Predicate<String> beingWritten;

  /**
   * @param beingWritten tells, for a path relative to the drop box root, whether an upload into it
   *     is still open (the embedded drop box knows; for an external server pass {@code p -> false}
   *     and rely on the consumer's read lock)
   */
  public IngestFilter(Set<String> labs, Predicate<String> beingWritten) {
    this.labs = Set.copyOf(labs);
    this.beingWritten = beingWritten;
  }

  @Override
  public boolean accept(GenericFile<Object> file) {
    String relative = file.getRelativeFilePath().replace('\\', '/');
    String[] parts = relative.split("/");
    if (parts.length == 0 || !labs.contains(parts[0])) {
      return false;
    }
    if (file.isDirectory()) {
      return parts.length == 1 || (parts.length == 2 && parts[1].equals("inbox"));
    }
    return parts.length == 3
        && parts[1].equals("inbox")
        && !parts[2].endsWith(".filepart")
        && !beingWritten.test(relative);
  }
}
