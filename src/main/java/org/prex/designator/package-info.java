/**
 * The designate step's logic: an item's effective designation from what was declared, the policy
 * floor for its kind and the markings its inspection found, and whether it must be held
 * (docs/pipeline.md). Apart from {@code org.prex.designate}, which holds the designation grammar
 * itself and is used everywhere, so that the grammar depends on nothing of the pipeline.
 */
package org.prex.designator;
