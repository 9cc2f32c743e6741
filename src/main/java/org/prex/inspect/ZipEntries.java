package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.prex.markings.Found;

/** The entries of a zip found by its directory at the end of a file, whatever comes before. */
final class ZipEntries {
  private static final Pattern IMAGE =
      Pattern.compile(".*\\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)$");

  private ZipEntries() {}

  /** Whether the last 64 KiB + 22 bytes hold a zip end-of-central-directory record. */
  static boolean hasDirectory(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int n = (int) Math.min(size, 65_535 + 22);
      if (n < 22) {
        return false;
      }
      ByteBuffer b = ByteBuffer.allocate(n);
      while (b.hasRemaining() && ch.read(b, size - n + b.position()) > 0) {
        // read the tail
      }
      byte[] a = b.array();
      for (int i = n - 22; i >= 0; i--) {
        if (a[i] == 'P' && a[i + 1] == 'K' && a[i + 2] == 5 && a[i + 3] == 6) {
          return true;
        }
      }
      return false;
    }
  }

  static void inspect(
      Path file,
      String part,
      int depth,
      Inspection insp,
      ContentInspector inspector,
      boolean document)
      throws IOException {
    ZipFile zip;
    try {
      zip = ZipFile.builder().setPath(file).get();
    } catch (IOException e) {
      insp.fail("a zip directory at its end does not open", e, part);
      return;
    }
    try (zip) {
      for (Enumeration<ZipArchiveEntry> en = zip.getEntries(); en.hasMoreElements(); ) {
        ZipArchiveEntry e = en.nextElement();
        String sub = part + "!/" + e.getName();
        if (e.isDirectory()
            || (document && IMAGE.matcher(e.getName().toLowerCase(Locale.ROOT)).matches())) {
          continue;
        }
        if (e.getGeneralPurposeBit().usesEncryption() || !zip.canReadEntryData(e)) {
          insp.fail("encrypted or unreadable entry: " + Found.shortPart(sub));
          continue;
        }
        try (InputStream in = zip.getInputStream(e)) {
          inspector.inspectEntry(in, e.getName(), sub, depth, insp);
        }
      }
    }
  }
}
