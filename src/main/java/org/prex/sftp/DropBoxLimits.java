package org.prex.sftp;

import java.time.Duration;
import java.util.Objects;

/**
 * What one lab, or one anonymous client, may take of the drop box (docs/threat-model.md, "The drop
 * box"). Quotas count what waits in a lab's {@code /inbox}: prex takes uploads out as soon as they
 * are complete, so they bound what a lab can pile up, not what it can send over time.
 *
 * @param inboxBytes bytes a lab's inbox may hold at once
 * @param inboxFiles files a lab's inbox may hold at once
 * @param maxFileBytes the largest single file
 * @param partialUploadMaxAge an upload cut off (or left under a temporary name) and not written for
 *     this long is removed
 * @param sessionsPerLab SSH connections one lab may have open at once
 * @param unauthenticated connections that have not logged in yet, from anyone, at once
 * @param authTimeout time from connecting to logging in
 * @param idleTimeout a session with no traffic for this long is closed
 */
public record DropBoxLimits(
    long inboxBytes,
    long inboxFiles,
    long maxFileBytes,
    Duration partialUploadMaxAge,
    int sessionsPerLab,
    int unauthenticated,
    Duration authTimeout,
    Duration idleTimeout) {

  public static final DropBoxLimits DEFAULT =
      new DropBoxLimits(
          200L * 1_000_000_000L,
          100_000,
          100L * 1_000_000_000L,
          Duration.ofDays(2),
          8,
          32,
          Duration.ofSeconds(30),
          Duration.ofMinutes(10));

  public DropBoxLimits {
    Objects.requireNonNull(partialUploadMaxAge, "partialUploadMaxAge");
    Objects.requireNonNull(authTimeout, "authTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    positive("inbox-bytes", inboxBytes);
    positive("inbox-files", inboxFiles);
    positive("max-file-bytes", maxFileBytes);
    positive("sessions per lab", sessionsPerLab);
    positive("unauthenticated connections", unauthenticated);
    if (partialUploadMaxAge.isNegative() || partialUploadMaxAge.isZero()) {
      throw new IllegalArgumentException(
          "Invalid partial-upload-max-age " + partialUploadMaxAge + ": must be positive");
    }
  }

  /** These limits with the policy's quotas. */
  public DropBoxLimits withQuotas(
      long inboxBytes, long inboxFiles, long maxFileBytes, Duration partialUploadMaxAge) {
    return new DropBoxLimits(
        inboxBytes,
        inboxFiles,
        maxFileBytes,
        partialUploadMaxAge,
        sessionsPerLab,
        unauthenticated,
        authTimeout,
        idleTimeout);
  }

  private static void positive(String what, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("Invalid " + what + " " + value + ": must be positive");
    }
  }

  /** A size as the policy writes it: {@code 200GB}, {@code 1500MB}, {@code 1234B}. */
  static String size(long bytes) {
    String[] units = {"TB", "GB", "MB", "KB"};
    long[] factors = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
    for (int i = 0; i < units.length; i++) {
      if (bytes >= factors[i] && bytes % factors[i] == 0) {
        return bytes / factors[i] + units[i];
      }
    }
    return bytes + "B";
  }
}
