package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.prex.sftp.DropBoxFixture.ACME;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.testing.SftpClient;

/**
 * Red team of {@link DropBox#openForIngest}: it promises "the same refusals the ingest account's
 * SFTP read gets". Each test puts a path or a file the ingest account's SFTP read refuses (or that
 * must never be read at all) in front of the in-place read.
 */
class InPlaceReadRedTeamTest {

  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();

  /** Whether the ingest account's SFTP read of {@code path} is refused. */
  private static boolean sftpRefuses(String path) throws Exception {
    try (SftpClient ingest = fx.ingest()) {
      ingest.channel().get(path, new ByteArrayOutputStream());
      return false;
    } catch (com.jcraft.jsch.SftpException e) {
      return true;
    }
  }

  /**
   * Files the ingest account may not read over SFTP (AccessPolicy: it reads only labs' inboxes and
   * agencies' returns): the drop boxes' record of uploads in progress at the root, a lab's
   * receipts, a folder that is not a lab's area, a folder of no lab. The in-place read must refuse
   * them as well.
   */
  @Test
  void whatTheIngestAccountMayNotReadOverSftp_isNotReadInPlaceEither() throws Exception {
    Files.writeString(fx.receipts(ACME).resolve("r-1.json"), "{\"receipt\":1}");
    Files.createDirectories(fx.root.resolve(ACME).resolve("stray"));
    Files.writeString(fx.root.resolve(ACME).resolve("stray/x.bin"), "stray");
    Files.createDirectories(fx.root.resolve("not-a-lab/inbox"));
    Files.writeString(fx.root.resolve("not-a-lab/inbox/x.bin"), "no lab's");
    Files.writeString(fx.root.resolve("loose-at-root.txt"), "operator's");
    List<String> paths =
        new ArrayList<>(
            List.of(
                "acme-ai/receipts/r-1.json",
                "acme-ai/stray/x.bin",
                "not-a-lab/inbox/x.bin",
                "loose-at-root.txt"));
    try (var records = Files.list(fx.root)) {
      records
          .map(p -> p.getFileName().toString())
          .filter(
              n -> n.startsWith(SharedUploads.RECORD) && Files.isRegularFile(fx.root.resolve(n)))
          .forEach(paths::add);
    }
    List<String> readInPlace = new ArrayList<>();
    for (String path : paths) {
      assertTrue(sftpRefuses(path), "the ingest account's SFTP read refuses " + path);
      try (InputStream in = fx.box.openForIngest(path)) {
        in.readAllBytes();
        readInPlace.add(path);
      } catch (IOException refused) {
        // as over SFTP
      }
    }
    assertEquals(List.of(), readInPlace, "read in place although SFTP refuses them");
  }

  /**
   * A named pipe planted in an inbox (host side; "not a regular file"): the in-place read opens it
   * before it looks at what it is, and the open of a FIFO blocks until someone writes to it. It
   * must be refused at once, not hang the lab's intake thread.
   */
  @Test
  void aNamedPipeInAnInbox_isRefusedAtOnce_notWaitedOnForever() throws Exception {
    Path fifo = fx.inbox(ACME).resolve("pipe.bin");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mk.waitFor(), "mkfifo");
    ExecutorService t = Executors.newSingleThreadExecutor(daemon());
    try {
      Future<String> opened =
          t.submit(
              () -> {
                try (InputStream in = fx.box.openForIngest("acme-ai/inbox/pipe.bin")) {
                  return "opened";
                } catch (IOException e) {
                  return "refused: " + e.getMessage();
                }
              });
      String outcome;
      try {
        outcome = opened.get(5, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        outcome = "still blocked after 5 s";
      }
      assertTrue(outcome.startsWith("refused"), outcome);
    } finally {
      // unblock a reader stuck in open(2), if any
      Thread w =
          new Thread(
              () -> {
                try (OutputStream o = Files.newOutputStream(fifo)) {
                  o.write(1);
                } catch (IOException ignored) {
                  // nothing reads: nothing to unblock
                }
              });
      w.setDaemon(true);
      w.start();
      w.join(2000);
      t.shutdownNow();
      Files.deleteIfExists(fifo);
    }
  }

  /**
   * A folder of the path swapped for a symbolic link (host side, or a race on a shared root)
   * between the in-place read's link check and its open: the check looks at each name, the open
   * follows every link but the last. No read may ever return bytes from outside the drop box.
   */
  @Test
  void aFolderSwappedForALinkWhileItIsOpened_neverLeadsOutOfTheDropBox() throws Exception {
    Path outside = Files.createTempDirectory("outside-the-box");
    Files.writeString(outside.resolve("model.bin"), "OUTSIDE");
    Path inbox = fx.inbox(ACME);
    Path real = inbox.resolve("sub");
    Path aside = inbox.resolve("sub.aside");
    Files.createDirectories(real);
    Files.writeString(real.resolve("model.bin"), "INSIDE!");
    AtomicBoolean stop = new AtomicBoolean();
    Thread swapper =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  Files.move(real, aside, StandardCopyOption.ATOMIC_MOVE);
                  Files.createSymbolicLink(real, outside);
                  Files.delete(real);
                  Files.move(aside, real, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                  // a step raced with itself: try again
                }
              }
            });
    swapper.setDaemon(true);
    swapper.start();
    int reads = 0;
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
      while (System.nanoTime() < until) {
        try (InputStream in = fx.box.openForIngest("acme-ai/inbox/sub/model.bin")) {
          String got = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          reads++;
          if (got.equals("OUTSIDE")) {
            fail("read a file outside the drop box through a swapped folder, after " + reads);
          }
        } catch (IOException refused) {
          // a link seen, or the file not there: refused, as it should be
        }
      }
    } finally {
      stop.set(true);
      swapper.join(2000);
      if (Files.isSymbolicLink(real)) {
        Files.delete(real);
      }
      if (Files.isDirectory(aside) && !Files.exists(real)) {
        Files.move(aside, real);
      }
    }
    assertTrue(reads > 0, "the race ran");
  }

  /** A guard: the lab's own upload still reads whole after the attacks above. */
  @Test
  void anOrdinaryUpload_stillReads() throws Exception {
    byte[] sent = "card".getBytes(StandardCharsets.UTF_8);
    try (SftpClient acme = fx.acme()) {
      acme.put("card.md", sent);
    }
    try (InputStream in = fx.box.openForIngest("acme-ai/inbox/card.md")) {
      assertArrayEquals(sent, in.readAllBytes());
    }
    assertThrows(IOException.class, () -> fx.box.openForIngest("acme-ai/inbox/../../x"));
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "red-open-fifo");
      t.setDaemon(true);
      return t;
    };
  }
}
