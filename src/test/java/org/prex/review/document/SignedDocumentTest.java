package org.prex.review.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.prex.seal.PublicCert;
import org.prex.seal.SigningKey;

/**
 * Clear-signed documents: what an agency key signs verifies against the agency's certificate and
 * nothing else; altered text, a document that is not clear-signed, not JSON or of an unknown format
 * is refused, naming why.
 */
class SignedDocumentTest {
  static SigningKey agency(String id) throws Exception {
    return SigningKey.read(Path.of("keys-example/agencies/" + id + ".secret.asc"), new char[0]);
  }

  static PublicCert cert(String id) throws Exception {
    return PublicCert.read(Path.of("keys-example/agencies/" + id + ".asc"));
  }

  static String verifyFails(String text, PublicCert signer) {
    return assertThrows(DocumentException.class, () -> SignedDocument.verify(text, signer))
        .getMessage();
  }

  @Test
  void signedByAgency_verifies_andParses() throws Exception {
    String json = DocumentsTest.ack().toJson();
    String signed = SignedDocument.sign(agency("caisi"), json);
    SignedDocument.Verified v = SignedDocument.verify(signed, cert("caisi"));
    assertEquals(Ack.FORMAT, v.format());
    assertEquals(json, v.json());
    assertEquals(DocumentsTest.ack(), Ack.parse(v.json()));
    assertEquals(Optional.of(Ack.FORMAT), SignedDocument.claimedFormat(signed));
  }

  @Test
  void otherSigner_isRefused() throws Exception {
    String signed = SignedDocument.sign(agency("nsa"), DocumentsTest.ack().toJson());
    String m = verifyFails(signed, cert("caisi"));
    assertTrue(m.startsWith("signature: ") && m.contains("not by the expected signer"), m);
  }

  @Test
  void alteredText_isRefused() throws Exception {
    String signed = SignedDocument.sign(agency("caisi"), DocumentsTest.ack().toJson());
    String altered = signed.replace("\"caisi\"", "\"cisa\"");
    assertTrue(verifyFails(altered, cert("caisi")).contains("bad signature"));
    // what is claimed is still readable, to pick a signer; it proves nothing
    assertEquals(Optional.of(Ack.FORMAT), SignedDocument.claimedFormat(altered));
  }

  @Test
  void notClearSigned_notJson_unknownFormat_areRefused() throws Exception {
    String json = DocumentsTest.ack().toJson();
    assertTrue(verifyFails(json, cert("caisi")).startsWith("not a clear-signed document"));
    assertEquals(Optional.empty(), SignedDocument.claimedFormat(json));
    String text = SignedDocument.sign(agency("caisi"), "hello\n");
    assertTrue(verifyFails(text, cert("caisi")).contains("not valid JSON"));
    assertEquals(Optional.empty(), SignedDocument.claimedFormat(text));
    String other =
        SignedDocument.sign(agency("caisi"), json.replace("prex-ack/1", "prex-receipt/1"));
    assertTrue(verifyFails(other, cert("caisi")).startsWith("format: 'prex-receipt/1' is not"));
    assertEquals(Optional.of("prex-receipt/1"), SignedDocument.claimedFormat(other));
    String none = SignedDocument.sign(agency("caisi"), "{\"a\": 1}\n");
    assertEquals("format: missing", verifyFails(none, cert("caisi")));
    assertEquals(Optional.empty(), SignedDocument.claimedFormat(none));
    String trailing = SignedDocument.sign(agency("caisi"), json) + "\n{\"format\":\"x\"}\n";
    assertTrue(verifyFails(trailing, cert("caisi")).startsWith("signature: "));
  }

  @Test
  void eachFormat_verifies() throws Exception {
    String n = Notice.newId();
    for (String json :
        new String[] {DocumentsTest.withdrawal(n).toJson(), DocumentsTest.destroyed(n).toJson()}) {
      String signed = SignedDocument.sign(agency("cisa"), json);
      SignedDocument.Verified v = SignedDocument.verify(signed, cert("cisa"));
      assertEquals(SignedDocument.claimedFormat(signed).orElseThrow(), v.format());
    }
  }

  @Test
  void anyTruncation_isRefusedAsADocumentProblem_neverAnotherException() throws Exception {
    String signed = SignedDocument.sign(agency("caisi"), DocumentsTest.ack().toJson());
    PublicCert caisi = cert("caisi");
    for (int cut = 0; cut < signed.length(); cut += 7) {
      String part = signed.substring(0, cut);
      assertThrows(DocumentException.class, () -> SignedDocument.verify(part, caisi), "cut " + cut);
      SignedDocument.claimedFormat(part); // never throws
    }
  }
}
