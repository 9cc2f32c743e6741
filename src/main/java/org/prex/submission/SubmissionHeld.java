package org.prex.submission;

import org.prex.item.Hold;

/**
 * The whole submission must reach no agency (a classified marking in any of its items: a spill):
 * every item is sealed to the security officer's key (docs/pipeline.md, "Held"). The reason names
 * no file.
 */
public final class SubmissionHeld extends RuntimeException {
  private final transient Hold hold;

  public SubmissionHeld(Hold hold) {
    super(hold.reason());
    this.hold = hold;
  }

  /** What holds it, and why, as every item's quarantine note says. */
  public Hold hold() {
    return hold;
  }
}
