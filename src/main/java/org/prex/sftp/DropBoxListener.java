package org.prex.sftp;

/**
 * Security and upload events of the {@link DropBox}. Methods are called on SSH worker threads and
 * must return quickly; an exception thrown here is logged and otherwise ignored.
 *
 * <p>Paths are as the account saw them in its own view (a lab's {@code /inbox/model.bin}, the
 * ingest account's {@code /acme-ai/inbox/model.bin}) for denials, and relative to the drop box root
 * ({@code acme-ai/inbox/model.bin}) for uploads. They may carry a lab's confidential file names: do
 * not log them in clear.
 */
public interface DropBoxListener {

  /** A listener that ignores every event. */
  DropBoxListener NONE = new DropBoxListener() {};

  /**
   * A connection closed without authenticating after it named a user: unknown user, a key not
   * registered for that user, or no public key offered at all (e.g. a password-only client).
   */
  default void loginRefused(String user, String remoteAddress, String reason) {}

  /** An authenticated account tried something the drop box policy does not allow. */
  default void accessDenied(String user, String path, String operation) {}

  /** A handle open for writing was closed; {@code size} is the file's size at that moment. */
  default void uploadClosed(String user, String path, long size) {}

  /**
   * A handle open for writing was still open when its session ended (the client died or dropped the
   * connection): the file is likely incomplete. {@link DropBox#isBeingWritten} stays true for it
   * until the lab writes it again and closes it, or removes it.
   */
  default void uploadAbandoned(String user, String path, long size) {}
}
