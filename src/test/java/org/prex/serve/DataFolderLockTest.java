package org.prex.serve;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder's lock: a serve alone is refused while another holds it; a pair's new leader
 * waits for it instead, and has it as soon as the other lets go (docs/operations.md, "Two nodes").
 */
class DataFolderLockTest {
  @Test
  void aNewLeader_waitsForAServeAloneOnTheFolder_andTakesItOnceLetGo(@TempDir Path data)
      throws Exception {
    DataFolderLock alone = DataFolderLock.take(data);
    StartupException refused =
        assertThrows(StartupException.class, () -> DataFolderLock.take(data));
    assertTrue(refused.problems().get(0).contains("another prex serve runs"));

    CompletableFuture<DataFolderLock> leader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return DataFolderLock.await(data);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    // the lead waits while the folder is held; this shows that it does not take it meanwhile
    assertThrows(TimeoutException.class, () -> leader.get(2, TimeUnit.SECONDS));
    alone.close();
    try (DataFolderLock taken = leader.get(10, TimeUnit.SECONDS)) {
      assertThrows(StartupException.class, () -> DataFolderLock.take(data), "and holds it");
    }
  }
}
