package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** An audit row cannot be made for a request the audit filter has not handed its clock. */
class AuditClockTest {

  @Test
  void aRequestTheFilterHasNotSeenHasNoAuditTime() {
    ContainerRequestContext unseen = (ContainerRequestContext) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ContainerRequestContext.class},
        (proxy, method, arguments) -> null); // no properties, nothing else asked

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> Audit.entry(unseen, 201));
    assertEquals("the request was not seen by the audit filter", refused.getMessage());
  }
}
