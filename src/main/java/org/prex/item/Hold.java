package org.prex.item;

import java.util.Objects;

/**
 * Why an item must reach no agency and is sealed into quarantine instead (docs/pipeline.md). The
 * {@link #reason} is the text that receipts, quarantine notes and QUARANTINED events carry, word
 * for word; the {@link #kind} is what the pipeline decides by, so that no step has to read the
 * words.
 *
 * @param kind what holds it
 * @param reason the reason as the log and the lab read it; names no file (an entry inside a
 *     container is named only in the audit log)
 */
public record Hold(Kind kind, String reason) {

  /** What can hold an item, in the order the designate step looks for them. */
  public enum Kind {
    /** A classified marking in its content: holds the whole submission. */
    SPILL,
    /** Part of it could not be inspected (encrypted, too deep, timed out): fail closed. */
    NOT_INSPECTED,
    /** A CUI-like marking in its content does not parse. */
    UNPARSABLE_MARKING,
    /** The text of an image could not be read and the policy says {@code images: hold}. */
    UNREAD_IMAGE,
    /** In the submission folder but not listed in submission.yaml. */
    UNLISTED,
    /** No agency may receive its designation. */
    UNROUTABLE,
    /** Handling the submission failed unexpectedly: fail closed. */
    FAILED,
    /** The submission failed too many attempts and was given up (docs/outcomes.md). */
    GIVEN_UP
  }

  private static final String SPILL_PREFIX = "spill: ";

  public Hold {
    Objects.requireNonNull(kind, "hold kind");
    Objects.requireNonNull(reason, "hold reason");
  }

  /** A classified marking, as the inspection reported it. */
  public static Hold spill(String marking) {
    return new Hold(
        Kind.SPILL,
        SPILL_PREFIX
            + "classified marking "
            + marking
            + (marking.contains(" in ") ? "" : " in its content"));
  }

  public static Hold notInspected(String why) {
    return new Hold(Kind.NOT_INSPECTED, "not inspected completely: " + why);
  }

  public static Hold unparsableMarking(String marking) {
    return new Hold(Kind.UNPARSABLE_MARKING, "a marking in its content does not parse: " + marking);
  }

  /**
   * @param part the image, shortened for the log
   */
  public static Hold unreadImage(String part) {
    return new Hold(
        Kind.UNREAD_IMAGE,
        "the text of an image could not be read (OCR is off; policy images: hold): " + part);
  }

  public static Hold unlisted() {
    return new Hold(
        Kind.UNLISTED, "present in the submission folder but not listed in submission.yaml");
  }

  /**
   * @param designation the item's effective designation
   * @param refusals each agency's reason, in policy order
   */
  public static Hold unroutable(String designation, java.util.List<String> refusals) {
    return new Hold(
        Kind.UNROUTABLE,
        "no agency may receive " + designation + " (" + String.join("; ", refusals) + ")");
  }

  /**
   * @param reason the failure, fit for the log (docs/outcomes.md)
   */
  public static Hold failed(String reason) {
    return new Hold(Kind.FAILED, reason);
  }

  /**
   * @param reason why it was given up, fit for the log
   */
  public static Hold givenUp(String reason) {
    return new Hold(Kind.GIVEN_UP, reason);
  }

  public boolean isSpill() {
    return kind == Kind.SPILL;
  }

  @Override
  public String toString() {
    return reason;
  }
}
