package org.prex.sftp;

import static org.prex.sftp.Operation.LIST;
import static org.prex.sftp.Operation.MKDIR;
import static org.prex.sftp.Operation.READ;
import static org.prex.sftp.Operation.REMOVE;
import static org.prex.sftp.Operation.RMDIR;
import static org.prex.sftp.Operation.SETATTR;
import static org.prex.sftp.Operation.STAT;
import static org.prex.sftp.Operation.WRITE;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may do what where in the drop box: the whole policy, deny by default. Pure: it looks at the
 * account, the operation and the path only, never at the disk.
 *
 * <p>A lab's view is rooted at its own folder and holds {@code /inbox} (its uploads: full control
 * below it) and {@code /receipts} (read only). The ingest account's view is rooted at the drop box
 * root: it may list the labs, read and remove below each {@code <lab>/inbox}, and write files
 * directly in each {@code <lab>/receipts} (temporary name, then rename), never into an inbox.
 */
final class AccessPolicy {

  static final String INBOX = "inbox";
  static final String RECEIPTS = "receipts";

  private static final Set<Operation> BROWSE = EnumSet.of(STAT, LIST);
  private static final Set<Operation> LAB_INBOX =
      EnumSet.of(STAT, LIST, READ, WRITE, MKDIR, RMDIR, REMOVE, SETATTR);
  private static final Set<Operation> LAB_RECEIPTS = EnumSet.of(STAT, LIST, READ);
  private static final Set<Operation> INGEST_INBOX = EnumSet.of(STAT, LIST, READ, REMOVE, RMDIR);
  private static final Set<Operation> INGEST_RECEIPT = EnumSet.of(STAT, WRITE, REMOVE);

  private final Set<String> labs;
  private final Set<String> formerLabs;

  AccessPolicy(Set<String> labs) {
    this(labs, Set.of());
  }

  /**
   * @param formerLabs labs no longer in the key set whose staged work is still to be answered: the
   *     ingest account may write their receipts, and do nothing else in their folders
   */
  AccessPolicy(Set<String> labs, Set<String> formerLabs) {
    this.labs = Set.copyOf(labs);
    this.formerLabs = Set.copyOf(formerLabs);
  }

  /** Whether {@code account} may do {@code op} (anything but a rename) on {@code path}. */
  boolean permits(Account account, Operation op, VirtualPath path) {
    if (op == Operation.RESOLVE) {
      return true;
    }
    return account.isIngest() ? ingestPermits(op, path) : labPermits(op, path);
  }

  /** Whether {@code account} may rename {@code from} to {@code to}. */
  boolean permitsRename(Account account, VirtualPath from, VirtualPath to) {
    if (account.isIngest()) {
      return isReceiptFile(from) && isReceiptFile(to) && from.name(0).equals(to.name(0));
    }
    return isBelowLabInbox(from) && isBelowLabInbox(to);
  }

  private static boolean labPermits(Operation op, VirtualPath path) {
    if (path.isRoot()) {
      return op == STAT;
    }
    String area = path.name(0);
    boolean areaItself = path.depth() == 1;
    if (area.equals(INBOX)) {
      return areaItself ? BROWSE.contains(op) : LAB_INBOX.contains(op);
    }
    if (area.equals(RECEIPTS)) {
      return areaItself ? BROWSE.contains(op) : LAB_RECEIPTS.contains(op);
    }
    return false;
  }

  private boolean ingestPermits(Operation op, VirtualPath path) {
    if (path.isRoot()) {
      return BROWSE.contains(op);
    }
    boolean former = !labs.contains(path.name(0));
    if (former && !formerLabs.contains(path.name(0))) {
      return false;
    }
    if (path.depth() == 1) {
      return BROWSE.contains(op);
    }
    String area = path.name(1);
    if (!area.equals(RECEIPTS) && (former || !area.equals(INBOX))) {
      return false;
    }
    if (path.depth() == 2) {
      return BROWSE.contains(op);
    }
    if (area.equals(INBOX)) {
      return INGEST_INBOX.contains(op);
    }
    return path.depth() == 3 && INGEST_RECEIPT.contains(op);
  }

  private static boolean isBelowLabInbox(VirtualPath path) {
    return path.depth() >= 2 && path.name(0).equals(INBOX);
  }

  private boolean isReceiptFile(VirtualPath path) {
    return path.depth() == 3
        && (labs.contains(path.name(0)) || formerLabs.contains(path.name(0)))
        && path.name(1).equals(RECEIPTS);
  }
}
