package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.item.Ids;
import org.prex.review.document.Ack;
import org.prex.review.document.Destroyed;
import org.prex.review.document.ItemHash;
import org.prex.review.document.Notice;
import org.prex.review.document.SignedDocument;
import org.prex.seal.SigningKey;
import org.prex.testing.AgencyMail;
import org.prex.testing.Cli;
import org.prex.testing.Cli.Run;

/**
 * The agency's commands for the review cycle: {@code receive --ack} acknowledges exactly what a
 * fully verified receive opened, and nothing when it fails; {@code notice} opens a notice sealed
 * and signed by the exchange, prints it, and with {@code --destroyed-by} certifies destruction; a
 * notice that anyone but the exchange signed is refused.
 */
class AgencyCommandsTest {
  @TempDir Path tmp;

  AgencyMail.Transfer transfer() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("model-card.md", "# Model card\n");
    files.put("evals/cyber.md", "# Cyber range\n");
    return AgencyMail.transfer(tmp.resolve("in"), "caisi", files);
  }

  Run receive(AgencyMail.Transfer t, Path out, Path ack) {
    return Cli.prex(
        "receive",
        "--key",
        AgencyMail.agencySecret("caisi").toString(),
        "--signer",
        AgencyMail.exchangeCert().toString(),
        "--in",
        t.dir().toString(),
        "--out",
        out.toString(),
        "--ack",
        ack.toString());
  }

  @Test
  void receiveAck_afterAVerifiedReceive_acknowledgesEveryItem_signedByTheAgency() throws Exception {
    AgencyMail.Transfer t = transfer();
    Path ack = tmp.resolve("ack.asc");
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Run r = receive(t, tmp.resolve("out"), ack);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("written to " + ack) && r.out().contains("/returns"), r.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ack)));

    String text = Files.readString(ack, StandardCharsets.UTF_8);
    SignedDocument.Verified v = SignedDocument.verify(text, AgencyMail.agencyCert("caisi"));
    Ack a = Ack.parse(v.json());
    assertEquals(t.transfer(), a.transfer());
    assertEquals(t.submission(), a.submission());
    assertEquals("caisi", a.agency());
    assertEquals(t.items().stream().map(i -> new ItemHash(i.id(), i.sha256())).toList(), a.items());
    assertFalse(a.at().isBefore(before) || a.at().isAfter(Instant.now()), a.at().toString());
    assertEquals(
        "# Cyber range\n", Files.readString(tmp.resolve("out/evals/cyber.md")), "files received");
  }

  @Test
  void receiveAck_whenTheReceiveFails_writesNoAck_andNothingElse() throws Exception {
    AgencyMail.Transfer t = transfer();
    Path item = t.dir().resolve(t.items().get(1).id() + ".pgp");
    byte[] bytes = Files.readAllBytes(item);
    bytes[bytes.length / 2] ^= 1;
    Files.write(item, bytes);
    Path ack = tmp.resolve("ack.asc");
    Path out = tmp.resolve("out");
    Run r = receive(t, out, ack);
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains("no acknowledgment"), r.err());
    assertFalse(Files.exists(ack));
    try (var s = Files.list(out)) {
      assertEquals(List.of(), s.toList());
    }
  }

  @Test
  void receiveAck_toAnExistingFile_isRefusedBeforeReceiving() throws Exception {
    AgencyMail.Transfer t = transfer();
    Path ack = Files.writeString(tmp.resolve("ack.asc"), "mine");
    Run r = receive(t, tmp.resolve("out"), ack);
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("already exists"), r.err());
    assertEquals("mine", Files.readString(ack));
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  static Notice withdrawal(AgencyMail.Transfer t) {
    return new Notice(
        Notice.newId(),
        "withdrawal",
        t.submission(),
        List.of(t.transfer()),
        t.items().stream().map(i -> new ItemHash(i.id(), i.sha256())).toList(),
        "destroy",
        Instant.parse("2026-06-01T00:00:00Z"),
        "The lab withdrew the submission.",
        Instant.parse("2026-05-18T09:00:00Z"),
        null);
  }

  Run notice(Path sealed, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "notice",
                "--key",
                AgencyMail.agencySecret("caisi").toString(),
                "--signer",
                AgencyMail.exchangeCert().toString(),
                "--in",
                sealed.toString()));
    args.addAll(List.of(more));
    return Cli.prex(args.toArray(String[]::new));
  }

  @Test
  void notice_printsIt_andDestroyedBy_writesACertificateSignedByTheAgency() throws Exception {
    AgencyMail.Transfer t = transfer();
    Notice n = withdrawal(t);
    Path sealed = tmp.resolve(n.id() + ".json.pgp");
    AgencyMail.sealNotice(n, AgencyMail.exchangeKey(), "caisi", sealed);

    Run read = notice(sealed);
    assertEquals(0, read.code(), read.err());
    assertTrue(read.out().contains("type        withdrawal"), read.out());
    assertTrue(read.out().contains("action      destroy by 2026-06-01T00:00:00Z"), read.out());
    assertTrue(read.out().contains(t.transfer()), read.out());
    assertTrue(read.out().contains("why         The lab withdrew the submission."), read.out());

    Path out = tmp.resolve("destroyed.asc");
    Run r = notice(sealed, "--destroyed-by", "Dana Officer, ISSO", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("written to " + out), r.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    SignedDocument.Verified v =
        SignedDocument.verify(Files.readString(out), AgencyMail.agencyCert("caisi"));
    assertEquals(Destroyed.FORMAT, v.format());
    Destroyed d = Destroyed.parse(v.json());
    assertEquals(n.id(), d.notice());
    assertEquals(n.transfers(), d.transfers());
    assertEquals(n.items(), d.items());
    assertEquals("Dana Officer, ISSO", d.officer());
  }

  @Test
  void notice_signedByAnyoneButTheExchange_isRefused() throws Exception {
    AgencyMail.Transfer t = transfer();
    SigningKey other =
        SigningKey.read(AgencyMail.agencySecret("nsa"), new char[0]); // a valid key, not prex's
    Notice n = withdrawal(t);
    Path sealed = tmp.resolve("forged.json.pgp");
    AgencyMail.sealNotice(n, other, "caisi", sealed);
    Path out = tmp.resolve("destroyed.asc");
    Run r = notice(sealed, "--destroyed-by", "Dana", "--out", out.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("error: refused: "), r.err());
    assertTrue(r.err().contains("not by the expected signer"), r.err());
    assertEquals("", r.out(), "nothing unverified shown");
    assertFalse(Files.exists(out));

    // sealed by the exchange, but the notice inside clear-signed by someone else
    Path inner = tmp.resolve("inner.json.pgp");
    String forged = SignedDocument.sign(other, n.toJson());
    AgencyMail.seal(
        AgencyMail.exchangeKey(),
        AgencyMail.agencyCert("caisi"),
        inner,
        n.id() + ".json",
        forged.getBytes(StandardCharsets.UTF_8));
    Run r2 = notice(inner);
    assertEquals(1, r2.code(), r2.err());
    assertTrue(r2.err().contains("signature: refused"), r2.err());
    assertEquals("", r2.out());
  }

  @Test
  void notice_sealedUnderAnotherName_isRefused() throws Exception {
    Notice n = withdrawal(transfer());
    Path sealed = tmp.resolve("swapped.json.pgp");
    AgencyMail.seal(
        AgencyMail.exchangeKey(),
        AgencyMail.agencyCert("caisi"),
        sealed,
        Notice.newId() + ".json",
        SignedDocument.sign(AgencyMail.exchangeKey(), n.toJson()).getBytes(StandardCharsets.UTF_8));
    Run r = notice(sealed);
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("sealed as"), r.err());
  }

  @Test
  void destroyedBy_forANoticeAskingNone_isRefused() throws Exception {
    AgencyMail.Transfer t = transfer();
    Notice release =
        new Notice(
            Notice.newId(),
            "release",
            t.submission(),
            List.of(t.transfer()),
            List.of(new ItemHash(t.items().get(0).id(), t.items().get(0).sha256())),
            "none",
            null,
            "Released.",
            Instant.now(),
            null);
    Path sealed = tmp.resolve("release.json.pgp");
    AgencyMail.sealNotice(release, AgencyMail.exchangeKey(), "caisi", sealed);
    Path out = tmp.resolve("destroyed.asc");
    Run r = notice(sealed, "--destroyed-by", "Dana", "--out", out.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("asks for no destruction"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void badUsage_exits2() throws Exception {
    Path sealed = tmp.resolve("x.json.pgp");
    Run r = notice(sealed, "--destroyed-by", "Dana");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--destroyed-by and --out go together"), r.err());
    Run bad = notice(sealed, "--destroyed-by", "Dana\nEvil", "--out", tmp.resolve("o").toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals(2, bad.err().lines().count(), "one error and one hint line: " + bad.err());
    Run help = Cli.prex("notice", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--destroyed-by"), help.out());
    assertTrue(Ids.isId(Ids.transfer()));
  }
}
