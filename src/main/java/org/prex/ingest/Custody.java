package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import org.prex.files.OwnerOnly;
import org.prex.item.Sha256;
import org.prex.staging.Staging;

/**
 * The one way an upload's bytes come into custody, a loose file's ({@link Stager}) and each file of
 * a submission folder's ({@link FolderTaker}) and an agency's findings alike: copied from the drop
 * box into the item's folder in staging and hashed in the same single pass (a model's weights are
 * tens of GB: they are never read a second time to be hashed), written owner-only under a partial
 * name and moved into place when whole. The caller then logs and commits the submission; until it
 * has, the upload stays in the drop box.
 */
public final class Custody {
  private static final String PARTIAL = "content.partial";

  private Custody() {}

  /** Bytes copied at a time: a large upload is hashed and written in few, long steps. */
  static final int BUFFER = 1 << 20;

  /** An item's content in staging: its size and SHA-256 (hex). */
  public record Taken(long size, String sha256) {}

  /**
   * Copies {@code in} into {@code itemId}'s content in staging while hashing it. When it fails, the
   * item's folder is removed and the upload, still in the drop box, is taken again later.
   *
   * @param listed the size the drop box listed, or null when unknown
   * @param what the upload, for the message when it changed while being taken (no file name)
   */
  public static Taken take(Staging staging, String itemId, InputStream in, Long listed, String what)
      throws IOException {
    Path content = staging.content(itemId);
    Path partial = content.resolveSibling(PARTIAL);
    try {
      OwnerOnly.createFolders(content.getParent());
      MessageDigest sha256 = Sha256.newDigest();
      long copied;
      try (OutputStream out = new DigestOutputStream(OwnerOnly.newOutputStream(partial), sha256)) {
        copied = copy(in, out, listed);
      }
      if (listed != null && listed >= 0 && copied != listed) {
        throw new IOException(
            what
                + " changed while being taken: the drop box listed "
                + listed
                + " bytes, read "
                + copied
                + "; it stays in the drop box and is taken again");
      }
      Files.move(partial, content, StandardCopyOption.ATOMIC_MOVE);
      return new Taken(copied, Sha256.hex(sha256));
    } catch (IOException | RuntimeException e) {
      try {
        staging.releaseItem(itemId);
      } catch (RuntimeException releasing) {
        // the take failed either way; its own error is the one to report, and what is left of
        // the copy goes at the next start (Staging.removeAborted)
        e.addSuppressed(releasing);
      }
      throw e;
    }
  }

  private static long copy(InputStream in, OutputStream out, Long listed) throws IOException {
    // a small file gets a buffer its size (a folder of thousands of cards is not a GiB of garbage)
    boolean small = listed != null && listed >= 0 && listed < BUFFER;
    byte[] buf = new byte[small ? (int) Math.max(8192, listed + 1) : BUFFER];
    long copied = 0;
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      out.write(buf, 0, n);
      copied += n;
    }
    return copied;
  }
}
