package org.prex.review;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.ingest.DropBoxClient;
import org.prex.item.Sha256;
import org.prex.testing.AgencyMail;

/**
 * Red team: Returns.poll says "the files after it, and other agencies', go on" when one cannot be
 * handled, but read() (and remove()) are outside the try: one file the drop box cannot open (an
 * agency renaming it between the listing and the read, a drop box hiccup) throws out of the whole
 * poll, and every file after it, of that agency and of every agency after it, waits.
 */
class ReturnsRedTeamTest {
  @Test
  void oneUnreadableFile_holdsUpNoOther(@TempDir Path dir) throws Exception {
    byte[] good = "not a review document\n".getBytes(StandardCharsets.UTF_8);
    List<String> removed = new ArrayList<>();
    DropBoxClient box =
        new DropBoxClient() {
          @Override
          public List<Entry> list(String d) {
            return List.of(
                new Entry(d + "/a-vanishing.asc", 10, 1000, false),
                new Entry(d + "/b-good.asc", good.length, 1000, false));
          }

          @Override
          public List<Entry> listTree(String d) {
            return list(d);
          }

          @Override
          public InputStream open(String path) throws IOException {
            if (path.endsWith("a-vanishing.asc")) {
              throw new java.nio.file.NoSuchFileException(path);
            }
            return new ByteArrayInputStream(good);
          }

          @Override
          public void remove(String path) {
            removed.add(path);
          }

          @Override
          public void removeDir(String path) {}

          @Override
          public void mkdir(String path) throws IOException {
            throw new IOException("this drop box is read only");
          }

          @Override
          public void upload(Path from, String path) throws IOException {
            throw new IOException("this drop box is read only");
          }

          @Override
          public void rename(String from, String to) throws IOException {
            throw new IOException("this drop box is read only");
          }

          @Override
          public void close() {}
        };
    try (AuditLog log = AuditLog.open(dir.resolve("log"))) {
      Notices notices =
          new Notices(
              log,
              AgencyMail.exchangeKey(),
              Map.of(),
              Map.of(),
              Map.of(),
              Set.of(),
              null,
              () -> null,
              dir.resolve("sealing"));
      Path evidence = dir.resolve("returned");
      ReturnedDocuments docs =
          new ReturnedDocuments(
              log,
              Map.of(),
              notices,
              new ReviewReceipts(log, null, null, null, Clock.systemUTC()),
              evidence,
              Clock.systemUTC());
      Returns returns = new Returns(() -> box, Set.of("caisi"), p -> false, docs);
      for (int i = 0; i < 3; i++) {
        try {
          returns.poll();
        } catch (IOException expected) {
          // the poll's failure is the route's business; the point is what it handled
        }
      }
      var d = Sha256.newDigest();
      d.update(good);
      assertTrue(
          Files.exists(evidence.resolve("caisi").resolve(Sha256.hex(d) + ".asc")),
          "b-good.asc was never looked at: the unreadable a-vanishing.asc before it aborted every"
              + " poll");
    }
  }
}
