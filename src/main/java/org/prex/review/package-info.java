/**
 * The review cycle (docs/review-cycle.md): what comes back from agencies (acknowledgments and
 * destruction certificates in their drop-box {@code /returns}), the notices prex sends them
 * (release, withdrawal, retention ended, refusals), the lab's withdrawals, and what is still
 * outstanding. Every step is an event in the transfer log; what is due is worked out from the log,
 * so it survives restarts.
 */
package org.prex.review;
