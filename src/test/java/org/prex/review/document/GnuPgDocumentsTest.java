package org.prex.review.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.item.Ids;
import org.prex.seal.PublicCert;
import org.prex.testing.AgencyMail;
import org.prex.testing.Gpg;

/**
 * Agencies may make their documents by hand: {@code gpg --clearsign} of a JSON file they wrote
 * verifies and parses; and what prex signs with an agency key, {@code gpg --verify} accepts.
 */
class GnuPgDocumentsTest {
  @RegisterExtension static final Gpg gpg = Gpg.perClass();

  @Test
  void gpgClearsignedJson_writtenByHand_verifiesAndParses() throws Exception {
    gpg.importFile(Path.of("keys-example/agencies/caisi.secret.asc"));
    String transfer = Ids.transfer();
    // as an agency would type it: its own layout and key order, CRLF line ends, trailing blanks
    String json =
        "{ \"format\": \"prex-ack/1\",\r\n"
            + "  \"transfer\": \""
            + transfer
            + "\", \"submission\": \""
            + Ids.submission()
            + "\",\r\n"
            + "  \"agency\": \"caisi\",  \r\n"
            + "  \"items\": [ { \"item\": \""
            + Ids.item()
            + "\", \"sha256\":\r\n"
            + "  \""
            + "b".repeat(64)
            + "\" } ],\r\n"
            + "  \"at\": \"2026-05-01T12:00:00Z\" }\r\n";
    Path file = gpg.home().resolve("ack.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    gpg.run("--local-user", "caisi", "--clearsign", file.toString()).ok();
    String signed = Files.readString(gpg.home().resolve("ack.json.asc"), StandardCharsets.UTF_8);

    SignedDocument.Verified v =
        SignedDocument.verify(signed, PublicCert.read(Path.of("keys-example/agencies/caisi.asc")));
    assertEquals(Ack.FORMAT, v.format());
    Ack ack = Ack.parse(v.json());
    assertEquals(transfer, ack.transfer());
    assertEquals("caisi", ack.agency());
  }

  @Test
  void whatPrexSignsWithAnAgencyKey_gpgVerifies() throws Exception {
    gpg.importFile(Path.of("keys-example/agencies/cisa.asc"));
    String signed =
        SignedDocument.sign(
            SignedDocumentTest.agency("cisa"),
            DocumentsTest.destroyed(org.prex.review.document.Notice.newId()).toJson());
    Path file = gpg.home().resolve("destroyed.asc");
    Files.writeString(file, signed, StandardCharsets.UTF_8);
    Gpg.Result r = gpg.run("--verify", file.toString());
    assertEquals(0, r.exit(), r.stderr());
    assertTrue(r.status().contains("GOODSIG"), r.status());
    assertTrue(
        r.status().contains(SignedDocumentTest.cert("cisa").fingerprint().replace(" ", "")),
        r.status());
  }

  @Test
  void aSealedNotice_opensWithGpgDecrypt_andItsTextWithGpgVerify() throws Exception {
    gpg.importFile(Path.of("keys-example/agencies/caisi.secret.asc"));
    gpg.importFile(AgencyMail.exchangeCert());
    Notice n = DocumentsTest.withdrawal(Notice.newId());
    Path sealed = gpg.home().resolve(n.id() + ".json.pgp");
    AgencyMail.sealNotice(n, AgencyMail.exchangeKey(), "caisi", sealed);
    Path opened = gpg.home().resolve(n.id() + ".json.asc");
    Gpg.Result d = gpg.run("--output", opened.toString(), "--decrypt", sealed.toString()).ok();
    assertTrue(d.status().contains("GOODSIG"), d.status());
    Gpg.Result v = gpg.run("--verify", opened.toString()).ok();
    assertTrue(v.status().contains("GOODSIG"), v.status());
    String text = Files.readString(opened, StandardCharsets.UTF_8);
    PublicCert exchange = PublicCert.read(AgencyMail.exchangeCert());
    assertEquals(n, Notice.parse(SignedDocument.verify(text, exchange).json()));
  }
}
