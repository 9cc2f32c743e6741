package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.ingest.IngestReadLock;
import org.prex.testing.RunningExchange;

/**
 * The loose-file consumer's options are the route file's: an exchange runs with them as written,
 * and one whose route file weakens them (or the receipts' host-key check) does not start.
 */
class IngestRouteOptionsTest {

  @Test
  void theShippedRouteFile_configuresEveryLabsConsumer(@TempDir Path root) throws Exception {
    try (RunningExchange exchange = RunningExchange.start(root)) {
      for (String lab : new String[] {"acme-ai", "other-lab"}) {
        SftpEndpoint sftp =
            (SftpEndpoint) exchange.server.camelContext().getRoute("ingest-" + lab).getEndpoint();
        assertEquals("yes", sftp.getConfiguration().getStrictHostKeyChecking());
        assertFalse(sftp.getConfiguration().isUseUserKnownHostsFile());
        assertTrue(sftp.getConfiguration().isStreamDownload());
        assertTrue(sftp.isDelete());
        assertFalse(sftp.isDownload(), "the embedded drop box's files are read in place");
        assertTrue(
            ((IngestReadLock) (Object) sftp.getExclusiveReadLockStrategy()).knowsOpenUploads(),
            "the embedded drop box's own knowledge of open uploads decides");
        assertEquals(250, sftp.getDelay());
        assertEquals(30000, sftp.getConfiguration().getSoTimeout());
        assertTrue(
            exchange
                .server
                .camelContext()
                .getRouteController()
                .getRouteStatus("ingest-" + lab)
                .isStarted());
      }
    }
  }

  @Test
  void aReceiptSentAgain_replacesTheOneInPlace_leavingNoTemporaryFile(@TempDir Path root)
      throws Exception {
    try (RunningExchange exchange = RunningExchange.start(root)) {
      Path receipts = exchange.deployment.dropBox().resolve("acme-ai/receipts");
      try (ProducerTemplate out = exchange.server.camelContext().createProducerTemplate()) {
        // the first write renames without looking; the second finds the first in place
        sendReceipt(out, "first");
        assertEquals("first", Files.readString(receipts.resolve("s-1.receipt.asc")));
        sendReceipt(out, "second");
      }
      assertEquals("second", Files.readString(receipts.resolve("s-1.receipt.asc")));
      try (var left = Files.list(receipts)) {
        assertEquals(
            List.of("s-1.receipt.asc"), left.map(p -> p.getFileName().toString()).toList());
      }
    }
  }

  private static void sendReceipt(ProducerTemplate out, String text) {
    out.sendBodyAndHeader(
        "direct:receipts-out",
        text.getBytes(StandardCharsets.UTF_8),
        Exchange.FILE_NAME,
        "acme-ai/receipts/s-1.receipt.asc");
  }

  @Test
  void aRouteFileThatWeakensTheConsumer_stopsTheStart_namingWhatIsMissing(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Path routes = d.routes().resolve("prex.camel.yaml");
    String shipped = Files.readString(routes);
    assertTrue(shipped.contains("strictHostKeyChecking: \"yes\""));
    String readLock = "          exclusiveReadLockStrategy: \"#ingestReadLock\"\n";
    assertTrue(shipped.contains(readLock));
    Files.writeString(
        routes,
        shipped
            .replace("strictHostKeyChecking: \"yes\"", "strictHostKeyChecking: \"no\"")
            .replace(readLock, "")
            .replace("download: \"{{prex.ingest.download}}\"", "download: true"));
    Exception e = assertThrows(Exception.class, () -> RunningExchange.start(root, d, null));
    String message = e.getMessage();
    assertTrue(message.contains("ingest-acme-ai needs strictHostKeyChecking=yes"), message);
    assertTrue(
        message.contains("ingest-acme-ai needs exclusiveReadLockStrategy=#ingestReadLock"),
        message);
    assertTrue(
        message.contains(
            "ingest-acme-ai needs download=false (the embedded drop box is read in place)"),
        message);
    assertTrue(message.contains("ingest-other-lab needs strictHostKeyChecking=yes"), message);
    assertTrue(
        message.matches(
            ".*sftp://prex-ingest@127\\.0\\.0\\.1:\\d+/ needs strictHostKeyChecking=yes.*"),
        "the receipts' endpoints too: " + message);
    // two labs' consumers, the receipts' producer and the one that replaces a receipt in place
    assertEquals(4, message.split("needs strictHostKeyChecking", -1).length - 1, message);
  }
}
