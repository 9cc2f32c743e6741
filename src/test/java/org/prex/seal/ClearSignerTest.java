package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Gpg;
import org.prex.testing.TestLine;

class ClearSignerTest {
  static final String CHECKPOINT =
      "prex.example/log\n"
          + "42\n"
          + "qINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n"
          + "- a line starting with a dash\n"
          + "-----BEGIN PGP SIGNATURE-----\n\n"
          + "non-ASCII: ünïcødé ✓\n";

  @TempDir static Path dir;
  static Fixture keys;
  @RegisterExtension static final Gpg gpg = Gpg.perClass();

  @BeforeAll
  static void setUp() throws Exception {
    keys = Fixture.importedInto(gpg, dir, 1, "signing.pub.asc");
  }

  @Test
  void clearSignedText_verifiesAndGivesTheTextBack() throws Exception {
    String signed = new ClearSigner(keys.exchange).sign(CHECKPOINT);
    assertTrue(
        signed.startsWith(
            "-----BEGIN PGP SIGNED MESSAGE-----\nHash: " + TestLine.SIGNATURE_HASH_NAME + "\n\n"),
        signed);
    assertTrue(signed.contains("\n- - a line starting with a dash\n"), "dash-escaped: " + signed);
    assertEquals(CHECKPOINT, ClearSigner.verify(signed, keys.exchangeCert));
  }

  @Test
  void gpgVerify_acceptsIt_asAGoodSignatureByTheExchange() throws Exception {
    Path file = dir.resolve("checkpoint.asc");
    Files.writeString(file, new ClearSigner(keys.exchange).sign(CHECKPOINT));
    Gpg.Result r = gpg.run("--verify", file.toString()).ok();
    String fpr = keys.exchange.fingerprint();
    assertTrue(r.status().contains("[GNUPG:] GOODSIG " + fpr.substring(24)), r.status());
    assertTrue(r.status().contains("[GNUPG:] VALIDSIG " + fpr), r.status());
    Path text = dir.resolve("checkpoint.txt");
    r = gpg.run("--output", text.toString(), "--decrypt", file.toString()).ok();
    assertEquals(CHECKPOINT, Files.readString(text), "gpg gives back the same text");
  }

  @Test
  void aTamperedText_failsToVerify() {
    String signed = new ClearSigner(keys.exchange).sign(CHECKPOINT);
    String tampered = signed.replace("\n42\n", "\n43\n");
    SealException e =
        assertThrows(SealException.class, () -> ClearSigner.verify(tampered, keys.exchangeCert));
    assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
  }

  @Test
  void textAddedOutsideTheSignedPart_isRefused() {
    String signed = new ClearSigner(keys.exchange).sign(CHECKPOINT);
    assertThrows(
        SealException.class, () -> ClearSigner.verify("note: 44\n" + signed, keys.exchangeCert));
    assertThrows(
        SealException.class, () -> ClearSigner.verify(signed + "note: 44\n", keys.exchangeCert));
  }

  @Test
  void aSignatureByAnotherKey_isRefused() throws Exception {
    String signed = new ClearSigner(keys.exchange).sign(CHECKPOINT);
    SealException e =
        assertThrows(
            SealException.class, () -> ClearSigner.verify(signed, keys.agencyCerts.get(0)));
    assertTrue(e.getMessage().contains("not by the expected signer"), e.getMessage());
  }

  @Test
  void whatGpgClearSigns_withTheExchangeKey_verifies() throws Exception {
    Gpg exchange = new Gpg(dir.resolve("gnupg-exchange"));
    try {
      exchange.importFile(dir.resolve("signing.asc"));
      Path text = dir.resolve("gpg.txt");
      Files.writeString(text, "signed by gpg\n  indented\n-dash\n");
      Path out = dir.resolve("gpg.txt.asc");
      exchange
          .run(
              "--digest-algo", "SHA512", "--clearsign", "--output", out.toString(), text.toString())
          .ok();
      assertEquals(
          "signed by gpg\n  indented\n-dash\n",
          ClearSigner.verify(Files.readString(out), keys.exchangeCert));
    } finally {
      exchange.close();
    }
  }

  @Test
  void aLargeTextGivenAsBytes_isSignedAsAString_wouldBe_andGpgVerifiesIt() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append(i % 7 == 0 ? "-dash " : "  \"é\": ").append(i).append('\n');
    }
    byte[] signed =
        new ClearSigner(keys.exchange).sign(text.toString().getBytes(StandardCharsets.UTF_8));
    String message = new String(signed, StandardCharsets.UTF_8);
    assertEquals(text.toString(), ClearSigner.verify(message, keys.exchangeCert));
    assertTrue(message.contains("\n- -dash 7\n"), "dash-escaped");
    Path file = dir.resolve("large.asc");
    Files.write(file, signed);
    Gpg.Result r = gpg.run("--verify", file.toString()).ok();
    assertTrue(r.status().contains("[GNUPG:] GOODSIG "), r.status());
    ClearSigner signer = new ClearSigner(keys.exchange);
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> signer.sign("one\ntwo\nthree\t\n".getBytes(StandardCharsets.UTF_8)));
    assertTrue(refused.getMessage().startsWith("line 3 "), refused.getMessage());
  }

  /** A stream that gives at most {@code chunk} bytes a read, so lines straddle reads. */
  private static java.io.InputStream trickle(byte[] bytes, int chunk) {
    return new java.io.ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  @Test
  void aTextSignedAsItIsRead_withLinesAcrossReadsAndOneLongerThanTheBuffer_verifies()
      throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      text.append(i % 5 == 0 ? "-dash " : "  \"é\": ").append(i).append('\n');
      if (i == 12_345) {
        text.append("x".repeat(200_000)).append('\n'); // longer than the 64 KiB read buffer
      }
    }
    text.append("\n-last line, no line break");
    byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("streamed.asc");
    try (var out = Files.newOutputStream(file)) {
      new ClearSigner(keys.exchange).sign(trickle(utf8, 997), out);
    }
    // (GnuPG reads no armor line over 20,000 characters: the large text above is what it checks)
    assertEquals(text + "\n", ClearSigner.verify(Files.readString(file), keys.exchangeCert));
    // a trailing space at the very end of a read is still seen
    byte[] spaced = ("a".repeat(99) + " \nnext\n").getBytes(StandardCharsets.UTF_8);
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ClearSigner(keys.exchange)
                    .sign(trickle(spaced, 100), java.io.OutputStream.nullOutputStream()));
    assertTrue(refused.getMessage().startsWith("line 1 "), refused.getMessage());
  }

  @Test
  void textThatASignatureWouldNotCover_isRefusedBySign() {
    ClearSigner signer = new ClearSigner(keys.exchange);
    assertThrows(IllegalArgumentException.class, () -> signer.sign("trailing space \nx\n"));
    assertThrows(IllegalArgumentException.class, () -> signer.sign("windows\r\nline\r\n"));
  }

  @Test
  void emptyAndNewlineOnlyTexts_roundTrip() throws Exception {
    ClearSigner signer = new ClearSigner(keys.exchange);
    assertEquals("", ClearSigner.verify(signer.sign(""), keys.exchangeCert));
    assertEquals("\n", ClearSigner.verify(signer.sign("\n"), keys.exchangeCert));
    assertEquals("a\n\n", ClearSigner.verify(signer.sign("a\n\n"), keys.exchangeCert));
    assertEquals(
        "no final newline\n",
        ClearSigner.verify(signer.sign("no final newline"), keys.exchangeCert));
  }
}
