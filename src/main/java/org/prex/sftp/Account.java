package org.prex.sftp;

import java.util.Objects;

/**
 * Who an authenticated SFTP session is: one lab, one agency (docs/review-cycle.md), or the
 * exchange's own ingest account.
 */
record Account(Role role, String user) {

  enum Role {
    LAB,
    AGENCY,
    INGEST
  }

  Account {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(user, "user");
  }

  static Account lab(String lab) {
    return new Account(Role.LAB, lab);
  }

  static Account agency(String agency) {
    return new Account(Role.AGENCY, agency);
  }

  static Account ingest() {
    return new Account(Role.INGEST, DropBox.INGEST_USER);
  }

  boolean isIngest() {
    return role == Role.INGEST;
  }

  boolean isAgency() {
    return role == Role.AGENCY;
  }

  /**
   * The key of a path in this account's view (its segments, from its own root) relative to the drop
   * box root, '/'-separated: {@code [inbox, a.bin]} of lab {@code acme} is {@code
   * acme/inbox/a.bin}.
   */
  String rootRelative(VirtualPath path) {
    return isIngest() ? path.relative() : path.prepend(user).relative();
  }
}
