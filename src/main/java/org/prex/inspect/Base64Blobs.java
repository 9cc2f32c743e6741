package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Files carried inside text as base64: {@code data:} URIs in HTML, SVG and Markdown, notebook
 * outputs ({@code "image/png": "iVBOR…"}), attachments pasted into JSON. Every run of at least
 * {@link #MIN_RUN} base64 characters is decoded into the scratch folder, within the unpacking
 * budget, and inspected as a part when it is a file of a known type (an image, a PDF, an archive);
 * a run that decodes to nothing recognisable (a hash, a key) is left: its text was scanned.
 */
final class Base64Blobs {
  static final int MIN_RUN = 256;

  private Base64Blobs() {}

  static void inspect(
      Path file, String part, int depth, Inspection insp, ContentInspector inspector)
      throws IOException {
    int blob = 0;
    try (InputStream in = Files.newInputStream(file)) {
      Path run = null;
      OutputStream out = null;
      long len = 0;
      byte[] pending = new byte[MIN_RUN];
      byte[] buf = new byte[1 << 16];
      int n;
      try {
        while ((n = in.read(buf)) >= 0) {
          int seg = 0; // where the unwritten bytes of an open run start in this buffer
          for (int i = 0; i < n; i++) {
            if (BASE64[buf[i] & 0xFF]) {
              if (len < MIN_RUN) {
                pending[(int) len++] = buf[i];
                if (len == MIN_RUN) {
                  run = tmp(insp);
                  out = Files.newOutputStream(run);
                  out.write(pending);
                  insp.budget.unpacked(MIN_RUN, part);
                  seg = i + 1;
                }
              } else {
                len++;
              }
              continue;
            }
            if (out != null) {
              out.write(buf, seg, i - seg);
              insp.budget.unpacked(i - seg, part);
              out.close();
              out = null;
              decodeAndInspect(run, part + "!/base64-" + (++blob), depth, insp, inspector);
              Files.deleteIfExists(run);
            }
            len = 0;
          }
          if (out != null) {
            out.write(buf, seg, n - seg);
            insp.budget.unpacked(n - seg, part);
          }
        }
        if (out != null) {
          out.close();
          out = null;
          decodeAndInspect(run, part + "!/base64-" + (++blob), depth, insp, inspector);
        }
      } finally {
        // a limit may stop the scan in the middle of a run: nothing is left in scratch
        if (out != null) {
          out.close();
        }
        if (run != null) {
          Files.deleteIfExists(run);
        }
      }
    }
  }

  private static final boolean[] BASE64 = new boolean[256];

  static {
    for (int b = 0; b < 256; b++) {
      BASE64[b] = isBase64(b);
    }
  }

  private static boolean isBase64(int b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '+'
        || b == '/'
        || b == '='
        || b == '-'
        || b == '_';
  }

  private static Path tmp(Inspection insp) throws IOException {
    return Files.createTempFile(
        insp.scratch(),
        "b64-",
        ".part",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
  }

  private static void decodeAndInspect(
      Path run, String sub, int depth, Inspection insp, ContentInspector inspector)
      throws IOException {
    Path decoded = tmp(insp);
    try {
      boolean urlSafe = false;
      try (InputStream raw = Files.newInputStream(run)) {
        int c;
        while ((c = raw.read()) >= 0) {
          if (c == '-' || c == '_') {
            urlSafe = true;
            break;
          }
        }
      }
      try (InputStream raw = Files.newInputStream(run);
          InputStream in = (urlSafe ? Base64.getUrlDecoder() : Base64.getMimeDecoder()).wrap(raw);
          OutputStream out = Files.newOutputStream(decoded)) {
        in.transferTo(out);
      } catch (IllegalArgumentException | IOException e) {
        return; // not base64 after all: it was read as text
      }
      if (!inspector.knownType(decoded)) {
        return;
      }
      insp.budget.enter(depth + 1, sub);
      inspector.inspectPart(decoded, null, sub, depth + 1, insp);
    } finally {
      Files.deleteIfExists(decoded);
    }
  }
}
