package org.prex.serve;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.prex.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node of a pair leads (docs/operations.md, "Two nodes"), from Camel's cluster service: here
 * the file-lock one (camel-file's {@link FileLockClusterService}) on {@code <data>/pair}, which
 * both nodes share; on Kubernetes the lease one (camel-kubernetes) takes its place. The lock is the
 * operating system's, released when the leading process ends however it ends, so the other node
 * leads a few seconds after a {@code kill -9}.
 *
 * <p>Once this node has led, losing leadership ends the process at once: a leader that goes on
 * while the other one starts would take and deliver the same uploads twice. A supervisor starts it
 * again, as a standby.
 */
final class Leadership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  /** The namespace, and so the lock file's name, in the pair folder. */
  static final String VIEW = "leader";

  /** How often a standby tries the lock, in seconds; the first try comes after one second. */
  static final long TRY_EVERY = 2;

  private final DefaultCamelContext context;
  private final AtomicBoolean led = new AtomicBoolean();
  private volatile boolean closing;

  private Leadership(DefaultCamelContext context) {
    this.context = context;
  }

  /**
   * Joins the pair on {@code data} as {@code node}. {@code lead} runs once, on a thread of its own,
   * when this node becomes the leader; {@code lost} when it stops being one after that.
   */
  static Leadership join(Path data, String node, Runnable lead, Consumer<String> lost)
      throws Exception {
    Path folder = OwnerOnly.createFolders(data.resolve("pair"));
    FileLockClusterService service = new FileLockClusterService();
    service.setId(node);
    service.setRoot(folder.toString());
    service.setAcquireLockDelay(1, TimeUnit.SECONDS);
    service.setAcquireLockInterval(TRY_EVERY, TimeUnit.SECONDS);
    // a standby tries the lock only once the leader's heartbeat is this many tries old: the
    // lock, not the heartbeat, keeps a live leader's place, so a short wait is safe
    service.setHeartbeatTimeoutMultiplier(3);
    DefaultCamelContext context = new DefaultCamelContext();
    context.getCamelContextExtension().setName("prex-pair-" + node);
    context.addService(service);
    Leadership leadership = new Leadership(context);
    try {
      context.start();
      CamelClusterView view = service.getView(VIEW);
      view.addEventListener(
          (CamelClusterEventListener.Leadership)
              (v, leader) ->
                  leadership.changed(Optional.ofNullable(leader), v.getLocalMember(), lead, lost));
      // in case it was taken before the listener was in place
      leadership.changed(view.getLeader(), view.getLocalMember(), lead, lost);
    } catch (Exception | Error e) {
      context.close();
      throw e;
    }
    return leadership;
  }

  private void changed(
      Optional<CamelClusterMember> leader,
      CamelClusterMember local,
      Runnable lead,
      Consumer<String> lost) {
    if (closing) {
      return; // this node lets go of the lead itself, having stopped its work
    }
    boolean leading = leader.isPresent() && leader.get().isLocal() && local.isLeader();
    if (leading && led.compareAndSet(false, true)) {
      LOG.info("this node leads the pair now");
      Thread t = new Thread(lead, "prex-lead");
      t.setDaemon(false);
      t.start();
    } else if (!leading && led.get()) {
      lost.accept("this node lost the pair's leadership (lock on the pair folder)");
    }
  }

  /** Whether this node has become the leader. */
  boolean leads() {
    return led.get();
  }

  /** Leaves the pair: the lock goes with it. */
  @Override
  public void close() {
    closing = true;
    try {
      context.close();
    } catch (Exception e) {
      LOG.warn("the pair's cluster service did not stop cleanly: {}", e.getClass().getName());
    }
  }
}
