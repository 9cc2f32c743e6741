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
 * below it), {@code /receipts} and {@code /findings} (read only). An agency's view (docs/review-
 * cycle.md) is rooted at its own folder and holds {@code /returns} (write only: it may create files
 * and folders and rename what it uploads, never read or remove them) and {@code /notices} (read
 * only). The ingest account's view is rooted at the drop box root: it may list the labs and
 * agencies, read and remove below each {@code <lab>/inbox} and {@code <agency>/returns}, write
 * files directly in each {@code <lab>/receipts} and {@code <agency>/notices} (temporary name, then
 * rename), and write findings packages into {@code <lab>/findings/<submission>/} (a partial folder,
 * filled, then renamed to its finding id; a package delivered is never written, removed or renamed
 * again); never into an inbox or a returns folder.
 */
final class AccessPolicy {

  static final String INBOX = "inbox";
  static final String RECEIPTS = "receipts";
  static final String FINDINGS = "findings";
  static final String RETURNS = "returns";
  static final String NOTICES = "notices";

  private static final Set<Operation> BROWSE = EnumSet.of(STAT, LIST);
  private static final Set<Operation> LAB_INBOX =
      EnumSet.of(STAT, LIST, READ, WRITE, MKDIR, RMDIR, REMOVE, SETATTR);
  private static final Set<Operation> LAB_RECEIPTS = EnumSet.of(STAT, LIST, READ);
  private static final Set<Operation> INGEST_INBOX = EnumSet.of(STAT, LIST, READ, REMOVE, RMDIR);
  private static final Set<Operation> INGEST_RECEIPT = EnumSet.of(STAT, WRITE, REMOVE);
  private static final Set<Operation> READ_ONLY = EnumSet.of(STAT, LIST, READ);
  private static final Set<Operation> INGEST_FINDINGS_SUBMISSION = EnumSet.of(STAT, LIST, MKDIR);
  private static final Set<Operation> INGEST_FINDINGS_PACKAGE =
      EnumSet.of(STAT, LIST, MKDIR, RMDIR);
  private static final Set<Operation> AGENCY_RETURNS =
      EnumSet.of(STAT, LIST, WRITE, MKDIR, SETATTR);

  private final Set<String> labs;
  private final Set<String> formerLabs;
  private final Set<String> agencies;

  AccessPolicy(Set<String> labs) {
    this(labs, Set.of());
  }

  AccessPolicy(Set<String> labs, Set<String> formerLabs) {
    this(labs, formerLabs, Set.of());
  }

  /**
   * @param formerLabs labs no longer in the key set whose staged work is still to be answered: the
   *     ingest account may write their receipts, and do nothing else in their folders
   */
  AccessPolicy(Set<String> labs, Set<String> formerLabs, Set<String> agencies) {
    this.labs = Set.copyOf(labs);
    this.formerLabs = Set.copyOf(formerLabs);
    this.agencies = Set.copyOf(agencies);
  }

  /** Whether {@code account} may do {@code op} (anything but a rename) on {@code path}. */
  boolean permits(Account account, Operation op, VirtualPath path) {
    if (op == Operation.RESOLVE) {
      return true;
    }
    if (account.isIngest()) {
      return ingestPermits(op, path);
    }
    return account.isAgency() ? agencyPermits(op, path) : labPermits(op, path);
  }

  /** Whether {@code account} may rename {@code from} to {@code to}. */
  boolean permitsRename(Account account, VirtualPath from, VirtualPath to) {
    if (account.isIngest()) {
      return (isReceiptFile(from) && isReceiptFile(to)
              || isNoticeFile(from) && isNoticeFile(to)
              || isFindingsPackage(from)
                  && isFindingsPackage(to)
                  && from.name(2).equals(to.name(2))
                  && from.name(3).equals("." + to.name(3) + ".partial"))
          && from.name(0).equals(to.name(0))
          && from.name(1).equals(to.name(1));
    }
    if (account.isAgency()) {
      return isBelow(from, RETURNS) && isBelow(to, RETURNS);
    }
    return isBelow(from, INBOX) && isBelow(to, INBOX);
  }

  /**
   * An agency: {@code /returns} write only (what it returns is evidence: it cannot read it back or
   * remove it), {@code /notices} read only.
   */
  private static boolean agencyPermits(Operation op, VirtualPath path) {
    if (path.isRoot()) {
      return op == STAT;
    }
    String area = path.name(0);
    boolean areaItself = path.depth() == 1;
    if (area.equals(RETURNS)) {
      return areaItself ? BROWSE.contains(op) : AGENCY_RETURNS.contains(op);
    }
    if (area.equals(NOTICES)) {
      return areaItself ? BROWSE.contains(op) : READ_ONLY.contains(op);
    }
    return false;
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
    if (area.equals(FINDINGS)) {
      return areaItself ? BROWSE.contains(op) : READ_ONLY.contains(op);
    }
    return false;
  }

  private boolean ingestPermits(Operation op, VirtualPath path) {
    if (path.isRoot()) {
      return BROWSE.contains(op);
    }
    if (agencies.contains(path.name(0))) {
      return ingestAgencyPermits(op, path);
    }
    boolean former = !labs.contains(path.name(0));
    if (former && !formerLabs.contains(path.name(0))) {
      return false;
    }
    if (path.depth() == 1) {
      return BROWSE.contains(op);
    }
    String area = path.name(1);
    boolean labArea = area.equals(INBOX) || area.equals(FINDINGS);
    if (!area.equals(RECEIPTS) && (former || !labArea)) {
      return false;
    }
    if (path.depth() == 2) {
      return BROWSE.contains(op);
    }
    if (area.equals(INBOX)) {
      return INGEST_INBOX.contains(op);
    }
    if (area.equals(FINDINGS)) {
      return ingestFindingsPermits(op, path);
    }
    return path.depth() == 3 && INGEST_RECEIPT.contains(op);
  }

  /**
   * The ingest account in a lab's {@code findings}: a folder per submission, in it a package folder
   * per finding (written under a partial name, then renamed), in that the package's files. Nothing
   * deeper, and nothing read.
   */
  private static boolean ingestFindingsPermits(Operation op, VirtualPath path) {
    return switch (path.depth()) {
      case 3 -> INGEST_FINDINGS_SUBMISSION.contains(op);
      // a package being written may be filled and cleared; one delivered is the lab's: listed only
      case 4 -> (isPartial(path.name(3)) ? INGEST_FINDINGS_PACKAGE : BROWSE).contains(op);
      case 5 -> isPartial(path.name(3)) ? INGEST_RECEIPT.contains(op) : op == STAT;
      default -> false;
    };
  }

  /** A package folder still being written: {@code .<finding>.partial}. */
  private static boolean isPartial(String name) {
    return name.startsWith(".") && name.endsWith(".partial");
  }

  /**
   * The ingest account in an agency's folder: it takes what the agency returned (read, then remove)
   * and writes notices directly in {@code notices} (temporary name, then rename).
   */
  private static boolean ingestAgencyPermits(Operation op, VirtualPath path) {
    if (path.depth() == 1) {
      return BROWSE.contains(op);
    }
    String area = path.name(1);
    if (path.depth() == 2) {
      return (area.equals(RETURNS) || area.equals(NOTICES)) && BROWSE.contains(op);
    }
    if (area.equals(RETURNS)) {
      return INGEST_INBOX.contains(op);
    }
    return area.equals(NOTICES) && path.depth() == 3 && INGEST_RECEIPT.contains(op);
  }

  private static boolean isBelow(VirtualPath path, String area) {
    return path.depth() >= 2 && path.name(0).equals(area);
  }

  private boolean isNoticeFile(VirtualPath path) {
    return path.depth() == 3 && agencies.contains(path.name(0)) && path.name(1).equals(NOTICES);
  }

  private boolean isFindingsPackage(VirtualPath path) {
    return path.depth() == 4 && labs.contains(path.name(0)) && path.name(1).equals(FINDINGS);
  }

  private boolean isReceiptFile(VirtualPath path) {
    return path.depth() == 3
        && (labs.contains(path.name(0)) || formerLabs.contains(path.name(0)))
        && path.name(1).equals(RECEIPTS);
  }
}
