package org.prex.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;

import com.jcraft.jsch.ChannelSftp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.sftp.DropBoxFixture;
import org.prex.testing.SftpClient;

/**
 * The ingest client against the real embedded drop box, logged in as {@code prex-ingest}, with a
 * lab uploading and reading receipts over its own SFTP session.
 */
class DropBoxClientTest {

  private static final Charset UTF8 = StandardCharsets.UTF_8;

  @TempDir static Path tmp;
  private static DropBoxFixture fx;
  private static Path knownHosts;

  @BeforeAll
  static void start() throws Exception {
    fx = new DropBoxFixture(tmp);
    knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, fx.box.knownHostsLine() + "\n");
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static DropBoxAddress ingestAddress() {
    return DropBoxAddress.embedded(
        "127.0.0.1", fx.box.port(), fx.privateKeyFile("ingest"), knownHosts);
  }

  private static SftpClient lab() throws Exception {
    return SftpClient.connect(ACME, fx.box.port(), fx.privateKeyFile(ACME), knownHosts);
  }

  @Test
  void aSubmissionFolder_isListedReadByteExactAndRemoved() throws Exception {
    byte[] pdf = random(1_500_000, 1);
    byte[] card = "# model card\n".getBytes(UTF8);
    byte[] notes = random(70_000, 2);
    try (SftpClient lab = lab()) {
      ChannelSftp up = lab.channel();
      up.mkdir("/inbox/sub1");
      up.mkdir("/inbox/sub1/a");
      up.mkdir("/inbox/sub1/a/c");
      lab.put("/inbox/sub1/a/b.pdf", pdf);
      lab.put("/inbox/sub1/a/c/notes.txt", notes);
      lab.put("/inbox/sub1/card.md", card);
    }
    long before = System.currentTimeMillis();
    try (DropBoxClient box = SftpDropBoxClient.connect(ingestAddress())) {
      List<DropBoxClient.Entry> inbox = box.list("acme-ai/inbox");
      DropBoxClient.Entry sub1 =
          inbox.stream().filter(e -> e.name().equals("sub1")).findFirst().orElseThrow();
      assertEquals("acme-ai/inbox/sub1", sub1.path());
      assertTrue(sub1.directory());
      assertEquals(
          List.of("acme-ai/inbox/sub1/a/", "acme-ai/inbox/sub1/card.md " + card.length),
          shown(box.list("acme-ai/inbox/sub1/")));
      List<DropBoxClient.Entry> tree = box.listTree("acme-ai/inbox/sub1");
      assertEquals(
          List.of(
              "acme-ai/inbox/sub1/a/",
              "acme-ai/inbox/sub1/a/b.pdf " + pdf.length,
              "acme-ai/inbox/sub1/a/c/",
              "acme-ai/inbox/sub1/a/c/notes.txt " + notes.length,
              "acme-ai/inbox/sub1/card.md " + card.length),
          shown(tree));
      for (DropBoxClient.Entry e : tree) {
        assertEquals(0, e.modifiedMillis() % 1000, e.toString());
        assertTrue(Math.abs(e.modifiedMillis() - before) < 120_000, e.toString());
      }

      try (InputStream big = box.open("acme-ai/inbox/sub1/a/b.pdf")) {
        byte[] head = big.readNBytes(100_000);
        // the client stays usable while a file is being read
        assertArrayEquals(card, readAll(box, "acme-ai/inbox/sub1/card.md"));
        // the drop box refuses to remove an upload closed less than a second ago (a lab may have
        // written it again while it was read), and the ingest side takes none that young
        Thread.sleep(1100);
        box.remove("acme-ai/inbox/sub1/card.md");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(head);
        big.transferTo(all);
        assertArrayEquals(pdf, all.toByteArray());
      }
      assertArrayEquals(notes, readAll(box, "acme-ai/inbox/sub1/a/c/notes.txt"));

      List<DropBoxClient.Entry> rest = new ArrayList<>(box.listTree("acme-ai/inbox/sub1"));
      Collections.reverse(rest);
      for (DropBoxClient.Entry e : rest) {
        if (e.directory()) {
          box.removeDir(e.path());
        } else {
          box.remove(e.path());
        }
      }
      box.removeDir("acme-ai/inbox/sub1");
      assertTrue(box.list("acme-ai/inbox").stream().noneMatch(e -> e.name().equals("sub1")));
      assertEquals(List.of(), box.list("acme-ai/inbox/sub1"));
      assertEquals(List.of(), box.listTree("acme-ai/inbox/sub1"));
      IOException gone = assertThrows(IOException.class, () -> box.remove("acme-ai/inbox/sub1/x"));
      assertEquals(
          "cannot remove acme-ai/inbox/sub1/x: no such file (SFTP status 2)", gone.getMessage());
    }
    assertFalse(Files.exists(fx.inbox(ACME).resolve("sub1")));
  }

  @Test
  void wildcardCharactersInNames_areNamesNotPatterns() throws Exception {
    Path odd = Files.createDirectories(fx.inbox(ACME).resolve("odd"));
    Files.writeString(odd.resolve("a*b"), "star");
    Files.writeString(odd.resolve("a?b"), "question");
    Files.writeString(odd.resolve("axb"), "plain");
    Files.writeString(odd.resolve("back\\slash"), "backslash");
    try (DropBoxClient box = SftpDropBoxClient.connect(ingestAddress())) {
      assertEquals(
          List.of(
              "acme-ai/inbox/odd/a*b 4",
              "acme-ai/inbox/odd/a?b 8",
              "acme-ai/inbox/odd/axb 5",
              "acme-ai/inbox/odd/back\\slash 9"),
          shown(box.list("acme-ai/inbox/odd")));
      assertEquals("question", new String(readAll(box, "acme-ai/inbox/odd/a?b"), UTF8));
      assertEquals("backslash", new String(readAll(box, "acme-ai/inbox/odd/back\\slash"), UTF8));
      box.remove("acme-ai/inbox/odd/a*b");
      box.remove("acme-ai/inbox/odd/back\\slash");
      assertEquals(
          List.of("acme-ai/inbox/odd/a?b 8", "acme-ai/inbox/odd/axb 5"),
          shown(box.list("acme-ai/inbox/odd")));
    }
  }

  @Test
  void symbolicLinks_areSkipped() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "not for the exchange");
    Path sub = Files.createDirectories(fx.inbox(ACME).resolve("linked"));
    Files.writeString(sub.resolve("real.txt"), "real");
    Files.createSymbolicLink(sub.resolve("elsewhere"), outside);
    Files.createSymbolicLink(sub.resolve("secret.txt"), outside.resolve("secret.txt"));
    try (DropBoxClient box = SftpDropBoxClient.connect(ingestAddress())) {
      assertEquals(
          List.of("acme-ai/inbox/linked/real.txt 4"), shown(box.listTree("acme-ai/inbox/linked")));
      assertThrows(IOException.class, () -> box.open("acme-ai/inbox/linked/secret.txt").close());
    }
  }

  @Test
  void theAccessPolicy_stillRefusesRemovingAnInbox_orReachingAFolderNotALab() throws Exception {
    try (DropBoxClient box = SftpDropBoxClient.connect(ingestAddress())) {
      IOException inbox = assertThrows(IOException.class, () -> box.removeDir("acme-ai/inbox"));
      assertEquals(
          "cannot remove folder acme-ai/inbox: permission denied (SFTP status 3)",
          inbox.getMessage());
      Files.createDirectories(fx.root.resolve("not-a-lab/inbox"));
      IOException stray = assertThrows(IOException.class, () -> box.list("not-a-lab"));
      assertTrue(stray.getMessage().contains("not-a-lab"), stray.getMessage());
    }
  }

  @Test
  void aPathOutsideTheDropBox_isRefusedBeforeAnythingIsSent() throws Exception {
    try (DropBoxClient box = SftpDropBoxClient.connect(ingestAddress())) {
      assertThrows(IllegalArgumentException.class, () -> box.list("acme-ai/../beta"));
      assertThrows(IllegalArgumentException.class, () -> box.open("/etc/passwd"));
      assertThrows(IllegalArgumentException.class, () -> box.remove(""));
    }
  }

  @Test
  void aWrongHostKey_isRefused() throws Exception {
    String strangerKey = Files.readString(fx.dir.resolve("client-keys/stranger.pub"));
    String[] typeAndBlob = strangerKey.split(" ");
    Path wrong = tmp.resolve("wrong_known_hosts");
    Files.writeString(
        wrong, "[127.0.0.1]:" + fx.box.port() + " " + typeAndBlob[0] + " " + typeAndBlob[1] + "\n");
    DropBoxAddress a =
        DropBoxAddress.embedded("127.0.0.1", fx.box.port(), fx.privateKeyFile("ingest"), wrong);
    DropBoxUnavailable e =
        assertThrows(DropBoxUnavailable.class, () -> SftpDropBoxClient.connect(a));
    assertTrue(
        e.getMessage().contains("host key mismatch for 127.0.0.1:" + fx.box.port()),
        e.getMessage());
    assertTrue(e.getMessage().contains(wrong.toString()), e.getMessage());

    Path empty = Files.writeString(tmp.resolve("empty_known_hosts"), "");
    DropBoxUnavailable unknown =
        assertThrows(
            DropBoxUnavailable.class,
            () ->
                SftpDropBoxClient.connect(
                    DropBoxAddress.embedded(
                        "127.0.0.1", fx.box.port(), fx.privateKeyFile("ingest"), empty)));
    assertTrue(unknown.getMessage().contains("host key mismatch"), unknown.getMessage());
  }

  @Test
  void aKeyTheDropBoxDoesNotKnow_isRefusedLogin() {
    DropBoxAddress a =
        DropBoxAddress.embedded(
            "127.0.0.1", fx.box.port(), fx.privateKeyFile("stranger"), knownHosts);
    DropBoxUnavailable e =
        assertThrows(DropBoxUnavailable.class, () -> SftpDropBoxClient.connect(a));
    assertTrue(e.getMessage().contains("refused the login as prex-ingest"), e.getMessage());
  }

  @Test
  void anEncryptedKey_needsItsPassphrase_whichNoMessageShows() throws Exception {
    Path key = tmp.resolve("ingest-encrypted");
    Files.copy(fx.privateKeyFile("ingest"), key);
    run("ssh-keygen", "-q", "-p", "-P", "", "-N", "s3cret pass", "-f", key.toString());
    DropBoxAddress right =
        new DropBoxAddress(
            "prex-ingest", "127.0.0.1", fx.box.port(), "", key, knownHosts, "s3cret pass");
    try (DropBoxClient box = SftpDropBoxClient.connect(right)) {
      assertEquals(List.of(), box.list("acme-ai/inbox/nothing-here"));
    }
    assertFalse(right.toString().contains("s3cret"), right.toString());
    DropBoxAddress wrong =
        new DropBoxAddress("prex-ingest", "127.0.0.1", fx.box.port(), "", key, knownHosts, "nope");
    DropBoxUnavailable bad =
        assertThrows(DropBoxUnavailable.class, () -> SftpDropBoxClient.connect(wrong));
    assertTrue(bad.getMessage().contains("does not decrypt"), bad.getMessage());
    assertFalse(bad.getMessage().contains("nope"), bad.getMessage());
    DropBoxUnavailable none =
        assertThrows(
            DropBoxUnavailable.class,
            () ->
                SftpDropBoxClient.connect(
                    DropBoxAddress.embedded("127.0.0.1", fx.box.port(), key, knownHosts)));
    assertTrue(none.getMessage().contains("no privateKeyPassphrase"), none.getMessage());
  }

  @Test
  void nothingListening_isOneClearMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DropBoxAddress a =
        DropBoxAddress.embedded("127.0.0.1", port, fx.privateKeyFile("ingest"), knownHosts);
    DropBoxUnavailable e =
        assertThrows(DropBoxUnavailable.class, () -> SftpDropBoxClient.connect(a));
    assertTrue(
        e.getMessage()
            .startsWith("cannot connect to drop box sftp://prex-ingest@127.0.0.1:" + port),
        e.getMessage());
  }

  // ---- DropBoxAddress

  @Test
  void anIngestUri_isParsed_andWrittenBack() {
    DropBoxAddress a =
        DropBoxAddress.fromIngestUri(
            "sftp://prex@drop.example:2022/labs?privateKeyFile=/k/id%20x&knownHostsFile=/k/kh"
                + "&privateKeyPassphrase=a%26b%3Dc%23d%2Be%20f&delay=5000");
    assertEquals(
        new DropBoxAddress(
            "prex",
            "drop.example",
            2022,
            "labs",
            Path.of("/k/id x"),
            Path.of("/k/kh"),
            "a&b=c#d+e f"),
        a);
    assertEquals(a, DropBoxAddress.fromIngestUri(a.toIngestUri()));
    assertFalse(a.toString().contains("a&b"), a.toString());

    DropBoxAddress plain =
        DropBoxAddress.fromIngestUri("sftp://prex@10.0.0.7?privateKeyFile=k&knownHostsFile=kh");
    assertEquals(22, plain.port());
    assertEquals("", plain.basePath());
    assertEquals(null, plain.privateKeyPassphrase());
    assertEquals(plain, DropBoxAddress.fromIngestUri(plain.toIngestUri()));

    DropBoxAddress absolute =
        DropBoxAddress.fromIngestUri(
            "sftp://prex@[::1]:2222//srv/drop/?privateKeyFile=k&knownHostsFile=kh");
    assertEquals("/srv/drop", absolute.basePath());
    assertEquals("::1", absolute.host());
    assertEquals(absolute, DropBoxAddress.fromIngestUri(absolute.toIngestUri()));

    DropBoxAddress embedded =
        DropBoxAddress.embedded("127.0.0.1", 2222, Path.of("/d/id_ecdsa"), Path.of("/d/kh"));
    assertEquals("prex-ingest", embedded.user());
    assertEquals("", embedded.basePath());
    assertEquals(embedded, DropBoxAddress.fromIngestUri(embedded.toIngestUri()));
  }

  @Test
  void aMalformedIngestUri_isRefusedNamingTheProblem() {
    assertRefused("ftp://prex@h/x?privateKeyFile=k&knownHostsFile=kh", "sftp://user@host");
    assertRefused("sftp://h:22/x?privateKeyFile=k&knownHostsFile=kh", "names no user");
    assertRefused("sftp://prex@h:notaport/x?privateKeyFile=k&knownHostsFile=kh", "user@host:port");
    assertRefused("sftp://prex@h/x?privateKeyFile=k", "knownHostsFile");
    assertRefused("sftp://prex@h/x?knownHostsFile=kh", "privateKeyFile");
    assertRefused(
        "sftp://prex@h/x?privateKeyFile=k&knownHostsFile=kh&strictHostKeyChecking=no",
        "'strictHostKeyChecking' is not allowed");
    assertRefused(
        "sftp://prex@h/x?privateKeyFile=k&knownHostsFile=kh&knownHostsFile=other",
        "'knownHostsFile' is given twice");
    assertRefused("sftp://prex@h/x?privateKeyFile=&knownHostsFile=kh", "has no value");
    assertRefused(
        "sftp://prex@h/x?privateKeyFile=k&knownHostsFile=kh&privateKeyPassphrase=top#secret",
        "fragment");
    assertRefused("sftp://prex@h/x y?privateKeyFile=k&knownHostsFile=kh", "not a valid URI");
    assertRefused("", "empty");
  }

  private static void assertRefused(String uri, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DropBoxAddress.fromIngestUri(uri));
    assertTrue(e.getMessage().contains(expected), uri + " -> " + e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  // ---- helpers

  /** "path size" for files, "path/" for folders. */
  private static List<String> shown(List<DropBoxClient.Entry> entries) {
    return entries.stream()
        .map(e -> e.directory() ? e.path() + "/" : e.path() + " " + e.size())
        .toList();
  }

  private static byte[] readAll(DropBoxClient box, String path) throws IOException {
    try (InputStream in = box.open(path)) {
      return in.readAllBytes();
    }
  }

  private static byte[] get(SftpClient lab, String path) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lab.channel().get(path, out);
    return out.toByteArray();
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), UTF8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), command[0] + " did not finish");
    assertEquals(0, p.exitValue(), out);
  }
}
