package org.recoverylink.server.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.recoverylink.server.config.LogFormat;
import org.slf4j.LoggerFactory;

/**
 * The log's format. Text is set by {@code logback.xml} in the jar; {@link LogFormat#JSON}
 * replaces its appender with Logback's own JSON encoder: one object a line with the time, level,
 * thread, logger, the message as written, the MDC (the request's correlation id,
 * {@link #REQUEST_ID}) and any exception. What goes into a line is what the code logs, never a
 * request's content.
 */
public final class Logs {

  /** The MDC key of the correlation id of the request a line was logged while serving. */
  public static final String REQUEST_ID = "request_id";

  private Logs() {
  }

  /** Writes the log in this format from now on. */
  public static void use(LogFormat format) {
    if (format == LogFormat.TEXT
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // text is the configured default; another SLF4J provider keeps its own
    }
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false); // the pattern with its {} placeholders: the formatted one
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("json");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(console);
  }
}
