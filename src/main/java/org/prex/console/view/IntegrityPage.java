package org.prex.console.view;

/**
 * The log's integrity: its latest checkpoint, the latest verification, and the outcome of a check
 * of a checkpoint the user held, if one was just made.
 */
public record IntegrityPage(
    String checkpoint,
    long size,
    String verifiedAt,
    String verified,
    boolean intact,
    String held,
    boolean heldOk) {}
