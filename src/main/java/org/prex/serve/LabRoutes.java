package org.prex.serve;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.Registry;
import org.prex.ingest.FolderIntake;
import org.prex.ingest.IngestFilter;
import org.prex.ingest.IngestPollStrategy;

/**
 * Makes each lab's routes from the route templates in the routes file: {@code ingest-<lab>} (loose
 * files), {@code submission-folders-<lab>} (submission folders) and {@code submissions-<lab>}
 * (handling what was taken, a few submissions at a time per lab). Every lab's ingest routes poll on
 * one pool of {@link #TAKES_AT_ONCE} threads, and a lab's two routes share one turn ({@link
 * IngestPollStrategy}), so up to that many labs take at once, each one upload or folder at a time:
 * a lab's 50 GB file or large folder holds one thread, never another lab's takes
 * (docs/threat-model.md).
 */
final class LabRoutes {
  /** Labs that may be taking at the same time; a lab beyond them waits for a free thread. */
  static final int TAKES_AT_ONCE = 4;

  private LabRoutes() {}

  /**
   * Binds the pool and each lab's filter, turn and folder intake, then adds and starts the lab's
   * routes; the loose-file consumers start only once {@link IngestEndpoints} has found them all as
   * safe as promised. The pool belongs to the Camel context: it stops with the routes.
   *
   * @param labs the labs that may upload (the key set's)
   * @param staged labs with staged submissions, which may no longer be in the key set: theirs are
   *     handled too
   * @param beingWritten as for {@link IngestFilter}
   * @param folders the submission-folder intake of one lab
   * @param readsInPlace whether uploads are read in the embedded drop box's own files
   */
  static void start(
      CamelContext context,
      Collection<String> labs,
      Collection<String> staged,
      Predicate<String> beingWritten,
      Function<String, FolderIntake> folders,
      boolean readsInPlace)
      throws Exception {
    java.util.Set<String> handled = new java.util.TreeSet<>(labs);
    handled.addAll(staged);
    for (String lab : handled) {
      TemplatedRouteBuilder.builder(context, "lab-submissions")
          .routeId("submissions-" + lab)
          .parameter("lab", lab)
          .add();
    }
    ScheduledExecutorService takes =
        context
            .getExecutorServiceManager()
            .newScheduledThreadPool(LabRoutes.class, "ingest takes", TAKES_AT_ONCE);
    Registry registry = context.getRegistry();
    registry.bind("ingestTakes", takes);
    for (String lab : labs) {
      registry.bind("ingestFilter-" + lab, new IngestFilter(Set.of(lab), beingWritten));
      registry.bind("ingestTurn-" + lab, new IngestPollStrategy(lab));
      registry.bind("folderIntake-" + lab, folders.apply(lab));
      // started below, once every lab's consumer is checked: none polls before
      TemplatedRouteBuilder.builder(context, "lab-loose-files")
          .routeId("ingest-" + lab)
          .parameter("lab", lab)
          .handler(template -> template.getRoute().setAutoStartup("false"))
          .add();
      TemplatedRouteBuilder.builder(context, "lab-submission-folders")
          .routeId("submission-folders-" + lab)
          .parameter("lab", lab)
          .add();
    }
    IngestEndpoints.check(context, readsInPlace);
    for (String lab : labs) {
      context.getRouteController().startRoute("ingest-" + lab);
    }
  }
}
