package org.prex.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * Whether a running exchange is alive and ready, from Camel's health checks (docs/operations.md):
 * live while the process answers and its Camel context, when there is one, is not failing; ready
 * when the context and every route are started and prex's own checks (the transfer log writable,
 * the drop box listening) pass. Each answer names this node's role. Only check ids, states and
 * prex's own messages are reported: Camel's details can carry endpoint addresses and library
 * messages.
 */
public final class Health {
  /** One answer: whether it is up, and the JSON body to send. */
  public record Report(boolean up, String json) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<CamelContext> context;
  private final Supplier<String> role;
  private final Supplier<String> broken;
  private final List<HealthCheck> standby;

  /**
   * @param context the Camel context running now; null while it starts or a reload replaces it
   * @param role this node's role, "leader" or "standby"
   * @param broken why the process cannot go on without a restart, or null
   */
  public Health(Supplier<CamelContext> context, Supplier<String> role, Supplier<String> broken) {
    this(context, role, broken, List.of());
  }

  /**
   * As above, with what makes a pair's standby ready: it runs no routes and holds no log, but its
   * drop box takes uploads for the leader ({@link Checks#dropBox}, {@link Checks#diskSpace}).
   */
  public Health(
      Supplier<CamelContext> context,
      Supplier<String> role,
      Supplier<String> broken,
      List<HealthCheck> standby) {
    this.context = context;
    this.role = role;
    this.broken = broken;
    this.standby = List.copyOf(standby);
  }

  /** The role of a pair's node that does not lead. */
  public static final String STANDBY = "standby";

  /**
   * Liveness: the process answers, no reload left it without routes, and Camel's liveness checks
   * pass when a context runs.
   */
  public Report live() {
    String why = broken.get();
    if (why != null) {
      return report(false, List.of(), why);
    }
    CamelContext c = context.get();
    if (c == null || !c.isStarted()) {
      return report(true, List.of(), "starting or reloading");
    }
    return fromCamel(HealthCheckHelper.invokeLiveness(c), null);
  }

  /** Readiness: routes started, transfer log writable, drop box listening. */
  public Report ready() {
    String why = broken.get();
    if (why != null) {
      return report(false, List.of(), why);
    }
    if (STANDBY.equals(role.get())) {
      return standbyReady();
    }
    CamelContext c = context.get();
    if (c == null || !c.isStarted()) {
      return report(false, List.of(), "the routes are not started (starting or reloading)");
    }
    if (HealthCheckRegistry.get(c) == null) {
      return report(false, List.of(), "Camel's health checks are not available");
    }
    Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(c);
    boolean prexChecks =
        results.stream().anyMatch(r -> PrexCheck.GROUP.equals(r.getCheck().getGroup()));
    return fromCamel(results, prexChecks ? null : "prex's own checks are not registered");
  }

  /** A standby is ready when its own checks pass: its drop box takes uploads for the leader. */
  private Report standbyReady() {
    List<Map<String, Object>> checks = new ArrayList<>();
    boolean up = true;
    for (HealthCheck c : standby) {
      String problem = c instanceof PrexCheck p ? p.problem() : "not one of prex's checks";
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("id", c.getId());
      check.put("status", problem == null ? "UP" : "DOWN");
      if (problem != null) {
        check.put("message", problem);
      }
      checks.add(check);
      up &= problem == null;
    }
    return report(up, checks, "standby: uploads are taken here; the leader handles them");
  }

  private Report fromCamel(Collection<HealthCheck.Result> results, String problem) {
    List<Map<String, Object>> checks = new ArrayList<>();
    boolean up = problem == null;
    List<HealthCheck.Result> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparing(r -> r.getCheck().getId()));
    for (HealthCheck.Result r : sorted) {
      String id = r.getCheck().getId();
      if (id.startsWith("consumer:") || id.startsWith("producer:")) {
        // a poll's or a send's last failure: the agencies' lanes and the ingest retry on their
        // own, and the metrics say how far behind they are
        continue;
      }
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("id", id);
      check.put("status", r.getState().name());
      if (PrexCheck.GROUP.equals(r.getCheck().getGroup())) {
        r.getMessage().ifPresent(m -> check.put("message", m));
      }
      checks.add(check);
      up &= r.getState() == HealthCheck.State.UP;
    }
    return report(up, checks, problem);
  }

  private Report report(boolean up, List<Map<String, Object>> checks, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("role", role.get());
    if (message != null) {
      body.put("message", message);
    }
    body.put("checks", checks);
    try {
      return new Report(up, JSON.writeValueAsString(body) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a health report", e);
    }
  }
}
