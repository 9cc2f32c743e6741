package org.prex.inspect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.prex.markings.Found;

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

  static void inspect(Path file, String part, int depth, Inspection insp, ContentInspector inspector)
      throws IOException {
    int blob = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Path run = null;
      OutputStream out = null;
      long len = 0;
      byte[] pending = new byte[MIN_RUN];
      int b;
      while (true) {
        b = in.read();
        boolean base64 = b >= 0 && isBase64(b);
        if (base64) {
          if (len < MIN_RUN) {
            pending[(int) len] = (byte) b;
          } else {
            if (out == null) {
              run = tmp(insp);
              out = Files.newOutputStream(run);
              out.write(pending);
            }
            out.write(b);
            insp.budget.unpacked(1, part);
          }
          len++;
          continue;
        }
        if (out != null) {
          out.close();
          out = null;
          String sub = part + "!/base64-" + (++blob);
          decodeAndInspect(run, sub, depth, insp, inspector);
          Files.deleteIfExists(run);
        }
        len = 0;
        if (b < 0) {
          break;
        }
      }
    }
  }

  private static boolean isBase64(int b) {
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
        || b == '+' || b == '/' || b == '=' || b == '-' || b == '_';
  }

  private static Path tmp(Inspection insp) throws IOException {
    return Files.createTempFile(
        insp.scratch(), "b64-", ".part",
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
