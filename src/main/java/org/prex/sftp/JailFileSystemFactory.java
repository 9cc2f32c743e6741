package org.prex.sftp;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.session.SessionContext;

/**
 * Gives each session a file system rooted at its account's folder: {@code <root>/<lab>} for a lab,
 * the drop box root for the ingest account. A session without a known account gets none.
 */
final class JailFileSystemFactory implements FileSystemFactory {

  private final Path root;
  private final KeyAuthenticator accounts;

  JailFileSystemFactory(Path root, KeyAuthenticator accounts) {
    this.root = root;
    this.accounts = accounts;
  }

  @Override
  public Path getUserHomeDir(SessionContext session) throws IOException {
    Account account = accounts.accountOf(session);
    if (account == null) {
      throw new AccessDeniedException("/", null, "no drop box account for this session");
    }
    return account.isIngest() ? root : root.resolve(account.user());
  }

  @Override
  public FileSystem createFileSystem(SessionContext session) throws IOException {
    return new RootedFileSystemProvider().newFileSystem(getUserHomeDir(session), Map.of());
  }
}
