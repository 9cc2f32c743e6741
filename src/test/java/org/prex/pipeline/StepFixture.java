package org.prex.pipeline;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.staging.Staging;

/**
 * What a step's test runs on: a staging folder and a transfer log in a fresh temporary folder,
 * opened before each test and closed after it.
 */
abstract class StepFixture {
  @TempDir Path root;
  Staging staging;
  AuditLog log;

  @BeforeEach
  void openStagingAndLog() throws Exception {
    staging = new Staging(root.resolve("staging"));
    log = AuditLog.open(root.resolve("data"));
  }

  @AfterEach
  void closeLog() throws Exception {
    log.close();
  }
}
