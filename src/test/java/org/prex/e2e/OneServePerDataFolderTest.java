package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.testing.Cli;
import org.prex.testing.ForkedServe;
import org.prex.testing.RunningExchange;

/**
 * A second serve on a data folder another serve holds is refused at start, naming the holder: two
 * would take and deliver the same uploads twice. Once the holder is gone (here: killed), the folder
 * is free again.
 */
class OneServePerDataFolderTest {
  @Test
  void aSecondServe_onTheSameDataFolder_isRefused_untilTheFirstIsGone(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    ForkedServe first = ForkedServe.start(d, "077", null);
    try {
      List<String> args = new java.util.ArrayList<>(Cli.serveArgs(d, ForkedServe.freePort()));
      Cli.Run second = Cli.prex(args.toArray(String[]::new));
      assertEquals(1, second.code(), second.out());
      assertTrue(
          second.err().contains("another prex serve runs on the data folder " + d.data()),
          second.err());
      assertTrue(second.err().contains("process " + first.process().pid()), second.err());
    } finally {
      first.process().destroyForcibly();
      first.process().waitFor();
    }
    try (RunningExchange again = RunningExchange.start(root, d, null)) {
      again.uploadEvaluation();
      again.awaitOnePackageEach(
          "delivered after the killed serve's lock went with it", Duration.ofSeconds(90));
    }
  }
}
