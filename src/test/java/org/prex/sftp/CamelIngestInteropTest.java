package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.SftpClient;

/**
 * Camel's sftp component (the real ingest client) works within the ingest account's rights: it
 * takes uploads out of an inbox (delete after), skipping files still being written, and writes
 * receipts under a temporary name.
 */
class CamelIngestInteropTest {

  @TempDir Path tmp;

  @Test
  void camelSftp_takesUploadsAndWritesReceipts() throws Exception {
    try (DropBoxFixture fx = new DropBoxFixture(tmp.resolve("box"))) {
      Path knownHosts = tmp.resolve("known_hosts");
      Files.writeString(knownHosts, fx.box.knownHostsLine() + "\n");
      String server = "sftp://" + DropBox.INGEST_USER + "@127.0.0.1:" + fx.box.port() + "/" + ACME;
      String security =
          "privateKeyFile="
              + fx.ingestKey.privateKey()
              + "&knownHostsFile="
              + knownHosts
              + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false";
      Path staged = tmp.resolve("staging");
      Files.writeString(fx.inbox(ACME).resolve("model-card.md"), "# card");

      CamelContext camel = new DefaultCamelContext();
      try (SftpClient lab = fx.acme()) {
        OutputStream upload = lab.channel().put("weights.bin");
        upload.write(new byte[4096]);
        upload.flush();
        camel.addRoutes(
            new RouteBuilder() {
              @Override
              public void configure() {
                from(server
                        + "/inbox?"
                        + security
                        + "&delete=true&localWorkDirectory="
                        + tmp.resolve("work")
                        + "&filter=#notBeingWritten&delay=200")
                    .to("file:" + staged);
              }
            });
        camel
            .getRegistry()
            .bind(
                "notBeingWritten",
                (org.apache.camel.component.file.GenericFileFilter<Object>)
                    file -> !fx.box.isBeingWritten(ACME + "/inbox/" + file.getRelativeFilePath()));
        camel.start();

        assertTrue(eventually(() -> Files.exists(staged.resolve("model-card.md"))));
        assertTrue(eventually(() -> !Files.exists(fx.inbox(ACME).resolve("model-card.md"))));
        assertEquals("# card", Files.readString(staged.resolve("model-card.md")));
        Thread.sleep(600);
        assertFalse(Files.exists(staged.resolve("weights.bin")), "taken while being written");
        assertTrue(Files.exists(fx.inbox(ACME).resolve("weights.bin")));

        upload.write(new byte[4096]);
        upload.close();
        assertTrue(eventually(() -> Files.exists(staged.resolve("weights.bin"))));
        assertTrue(eventually(() -> !Files.exists(fx.inbox(ACME).resolve("weights.bin"))));
        assertEquals(8192, Files.size(staged.resolve("weights.bin")));

        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBodyAndHeader(
            server + "/receipts?" + security + "&tempFileName=${file:name}.inprogress",
            "signed receipt",
            "CamelFileName",
            "s-1.receipt.asc");
      } finally {
        camel.stop();
      }
      assertEquals(
          "signed receipt", Files.readString(fx.receipts(ACME).resolve("s-1.receipt.asc")));
      assertFalse(Files.exists(fx.receipts(ACME).resolve("s-1.receipt.asc.inprogress")));
      assertTrue(
          fx.listener.events().stream()
              .noneMatch(e -> e.kind() == RecordingListener.Kind.ACCESS_DENIED),
          "Camel needed nothing the policy denies: " + fx.listener.events());
    }
  }

  private static boolean eventually(java.util.concurrent.Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.call()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
