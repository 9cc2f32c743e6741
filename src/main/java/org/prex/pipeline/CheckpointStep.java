package org.prex.pipeline;

import org.prex.receipt.Checkpointer;

/** The last step of every answered submission (docs/pipeline.md): a signed log checkpoint. */
public final class CheckpointStep {
  private final Checkpointer checkpointer;

  public CheckpointStep(Checkpointer checkpointer) {
    this.checkpointer = checkpointer;
  }

  public void checkpoint() {
    checkpointer.checkpoint();
  }
}
