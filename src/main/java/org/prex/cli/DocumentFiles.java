package org.prex.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.prex.files.OwnerOnly;
import org.prex.seal.KeyFileException;
import org.prex.seal.SigningKey;

/** The agency commands' signed documents on disk: the agency's key, and new 0600 files. */
final class DocumentFiles {
  private DocumentFiles() {}

  /**
   * Refuses an output file that exists or whose folder does not, before any work is done.
   *
   * @throws CommandFailed naming the file
   */
  static void checkWritable(Path file, String option) {
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new CommandFailed(
          option + " " + file + " already exists",
          "give " + option + " a file that does not exist");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new CommandFailed(
          "the folder of " + option + " " + file + " does not exist", "create it first");
    }
  }

  /**
   * The agency's secret key as a signing key (its passphrase from env {@value Passphrases#AGENCY}),
   * usable now.
   *
   * @throws CommandFailed when it cannot be read or cannot sign now
   */
  static SigningKey agencySigningKey(Path key) {
    SigningKey signing;
    try {
      signing = SigningKey.read(key, Passphrases.agency());
    } catch (KeyFileException e) {
      throw new CommandFailed(
          "agency key "
              + e.getMessage().replace("PREX_SIGNING_PASSPHRASE", Passphrases.AGENCY)
              + " (needed to sign)",
          "--key takes the agency's secret key; set " + Passphrases.AGENCY + " if it has one");
    }
    var problems = signing.problems(java.time.Instant.now());
    if (!problems.isEmpty()) {
      throw new CommandFailed(
          "agency key " + key + " cannot sign now: " + String.join(", ", problems),
          "an agency's documents must be signed by a valid key of its certificate");
    }
    return signing;
  }

  /** Writes {@code text} (UTF-8) to a new file, 0600; a partly written file is removed. */
  static void writeNew(Path file, String text) throws IOException {
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    // created first, outside the try: a file that was there already is never deleted
    OutputStream out =
        Channels.newOutputStream(
            Files.newByteChannel(file, options, OwnerOnly.fileAttributes(file)));
    try (out) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    OwnerOnly.restrict(file);
  }
}
