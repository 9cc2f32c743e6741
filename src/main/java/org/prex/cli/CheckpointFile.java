package org.prex.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.prex.audit.verify.Checkpoint;
import org.prex.audit.verify.HeldCheckpoint;
import org.prex.seal.PublicCert;

/**
 * Reads the log checkpoint an outsider holds from a file: a signed checkpoint, a lab receipt or an
 * opened package manifest ({@link HeldCheckpoint}).
 */
final class CheckpointFile {
  private CheckpointFile() {}

  /**
   * The checkpoint the file claims, its signatures not checked (that is {@link #read}'s work), or
   * null when it holds none that can be read.
   */
  static Checkpoint claimed(Path file) {
    try {
      return HeldCheckpoint.claimed(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static Checkpoint read(Path file, PublicCert exchange) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new CommandFailed("cannot read checkpoint " + file, null);
    }
    try {
      return HeldCheckpoint.read(text, exchange);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("it holds no checkpoint")) {
        throw new CommandFailed(
            file + " holds no checkpoint",
            "pass a checkpoint (prex audit checkpoint), a receipt or an opened package manifest");
      }
      throw new CommandFailed("checkpoint " + file + ": " + e.getMessage(), null);
    }
  }
}
