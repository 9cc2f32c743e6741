/**
 * The steps the route file calls (routes/prex.camel.yaml, docs/pipeline.md): each is a thin bean
 * taking typed parameters (the {@code @Body} submission, the caught exception, a header) and
 * calling the feature package that holds the logic (classify, designator, route, quarantine,
 * transfer, deliver, receipt, outcome). Only {@code org.prex.serve} uses this package; no feature
 * package imports it.
 */
package org.prex.pipeline;
