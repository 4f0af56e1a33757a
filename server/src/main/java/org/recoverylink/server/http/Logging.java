package org.recoverylink.server.http;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One log: Jersey writes to java.util.logging, everything else to SLF4J, so java.util.logging
 * is bridged to SLF4J, and Jersey's known false alarms are silenced.
 */
public final class Logging {

  /**
   * Loggers silenced, held strongly: java.util.logging forgets a logger's level when nothing
   * references it.
   */
  private static final List<Logger> SILENCED = List.of(
      // Warns about every resource registered as an instance, which is how ours are built
      // (eclipse-ee4j/jersey#3700); they are served regardless.
      Logger.getLogger("org.glassfish.jersey.internal.inject.Providers"),
      // Notes that no jakarta.activation DataSource writer exists; we write no DataSource.
      Logger.getLogger("org.glassfish.jersey.message.internal.MessagingBinders"),
      // A client that hangs up before its answer is written; nothing of ours failed.
      Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder"));

  private Logging() {
  }

  public static void bridge() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Logger.getLogger("").setLevel(Level.INFO);
    SILENCED.forEach(logger -> logger.setLevel(Level.OFF));
  }
}
