package org.prex.serve;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IngestUriTest {

  @Test
  void anExternalServer_isAlwaysCheckedStrictly_andDownloadedIntoStaging() {
    String uri =
        IngestUri.external(
            "sftp://prex@drop.example:2022/labs?privateKeyFile=/k/id&knownHostsFile=/k/kh");
    assertTrue(
        uri.startsWith(
            "sftp://prex@drop.example:2022/labs?privateKeyFile=/k/id&knownHostsFile=/k/kh&"),
        uri);
    assertTrue(uri.contains("strictHostKeyChecking=yes"), uri);
    assertTrue(uri.contains("useUserKnownHostsFile=false"), uri);
    assertTrue(uri.contains("streamDownload=true"), uri);
    assertTrue(uri.contains("filter=#ingestFilter-{{lab}}"), uri);
    assertTrue(uri.contains("pollStrategy=#ingestTurn-{{lab}}"), uri);
    assertTrue(uri.contains("scheduledExecutorService=#ingestTakes"), uri);
    assertTrue(uri.contains("readLock=changed"), uri);
  }

  @Test
  void withoutKnownHosts_orWithLaxHostKeyChecking_itIsRefused() {
    IllegalArgumentException noKnownHosts =
        assertThrows(
            IllegalArgumentException.class,
            () -> IngestUri.external("sftp://prex@drop.example:2022/labs?privateKeyFile=/k/id"));
    assertTrue(noKnownHosts.getMessage().contains("knownHostsFile"));
    IllegalArgumentException lax =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                IngestUri.external(
                    "sftp://prex@drop.example/x?knownHostsFile=/k&strictHostKeyChecking=no"));
    assertTrue(lax.getMessage().contains("strictHostKeyChecking"), lax.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> IngestUri.external("ftp://prex@drop.example/x"));
  }
}
