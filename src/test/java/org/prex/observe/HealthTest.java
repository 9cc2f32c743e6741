package org.prex.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.Test;

/** Readiness against a real Camel context: what takes it down, and what it says. */
class HealthTest {
  @Test
  void readiness_isDown_withPrexsOwnWords_whenACheckFails_andWithoutAContext() throws Exception {
    AtomicReference<String> problem = new AtomicReference<>();
    try (CamelContext context = new DefaultCamelContext()) {
      HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
      registry.setExposureLevel("full");
      context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
      registry.register(new PrexCheck("audit-log", problem::get));
      // as serve has them (camel.health.routesEnabled, and the context's own check)
      registry.register(new org.apache.camel.impl.health.ContextHealthCheck());
      registry.register(new org.apache.camel.impl.health.RoutesHealthCheckRepository());
      context.addRoutes(
          new RouteBuilder() {
            @Override
            public void configure() {
              from("direct:a").routeId("a").log("a");
            }
          });
      AtomicReference<CamelContext> running = new AtomicReference<>();
      AtomicReference<String> broken = new AtomicReference<>();
      Health health = new Health(running::get, () -> "leader", broken::get);
      assertFalse(health.ready().up(), "no context yet");
      assertTrue(health.ready().json().contains("not started"));
      assertTrue(health.live().up(), "alive while starting");

      context.start();
      running.set(context);
      assertTrue(health.ready().up(), health.ready().json());

      problem.set("the transfer log is closed");
      Health.Report down = health.ready();
      assertFalse(down.up());
      assertTrue(
          down.json()
              .contains(
                  "{\"id\":\"audit-log\",\"status\":\"DOWN\","
                      + "\"message\":\"the transfer log is closed\"}"),
          down.json());
      assertTrue(health.live().up(), "a readiness check does not take liveness down");

      problem.set(null);
      context.getRouteController().stopRoute("a");
      assertFalse(health.ready().up(), "a stopped route: " + health.ready().json());
      assertEquals(
          "leader",
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(health.ready().json())
              .get("role")
              .asText());
    }
  }

  @Test
  void aStandby_isReadyOnItsOwnChecks_withoutRoutesOrLog_andSaysItIsTheStandby() {
    AtomicReference<String> dropBox = new AtomicReference<>();
    AtomicReference<String> role = new AtomicReference<>(Health.STANDBY);
    Health health =
        new Health(
            () -> null,
            role::get,
            () -> null,
            java.util.List.of(new PrexCheck("drop-box", dropBox::get)));
    Health.Report ready = health.ready();
    assertTrue(ready.up(), ready.json());
    assertTrue(ready.json().contains("\"role\":\"standby\""), ready.json());
    assertTrue(ready.json().contains("{\"id\":\"drop-box\",\"status\":\"UP\"}"), ready.json());

    dropBox.set("the embedded SFTP drop box does not listen");
    assertFalse(health.ready().up(), "a standby whose drop box is down takes no uploads");

    dropBox.set(null);
    role.set("leader"); // it has taken the lead, and its routes are not up yet
    assertFalse(health.ready().up(), health.ready().json());
  }

  @Test
  void theDataFolderCheck_isDownBelowItsFloor(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    assertEquals(
        org.apache.camel.health.HealthCheck.State.UP, Checks.diskSpace(dir, 0).call().getState());
    var low = Checks.diskSpace(dir, Long.MAX_VALUE).call();
    assertEquals(org.apache.camel.health.HealthCheck.State.DOWN, low.getState());
    assertTrue(
        low.getMessage().orElse("").contains("MiB free, less than"), low.getMessage().toString());
  }

  @Test
  void aCheckThatThrows_isDown_namingOnlyTheExceptionType() {
    PrexCheck check =
        new PrexCheck(
            "drop-box",
            () -> {
              throw new IllegalStateException("secret path /labs/acme/inbox/weights.bin");
            });
    var result = check.call();
    assertEquals(org.apache.camel.health.HealthCheck.State.DOWN, result.getState());
    assertEquals("the check failed: IllegalStateException", result.getMessage().orElse(""));
  }
}
