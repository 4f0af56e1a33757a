package org.recoverylink.server.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.recoverylink.core.id.RandomIds;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.server.observe.Logs;
import org.slf4j.MDC;

/**
 * Gives every request a correlation id, first of all handlers: the caller's {@code X-Request-ID}
 * when it is short and plain (1 to 64 letters, digits and '-', and no valid NHS number in it),
 * else a new UUID, so that nothing a caller sends reaches the log unchecked. The id is echoed in
 * the answer's {@code X-Request-ID}, put in the logging MDC while this thread serves the request,
 * and handed on to Jersey in {@link #INTERNAL} (replacing any such header the caller sent),
 * where {@link RequestObserver} puts it in the MDC of the thread that serves the rest. The
 * caller's own {@code X-Request-ID} reaches the resources unchanged: a BaRS message's id is
 * checked there by its own rules.
 */
public final class RequestIds extends Handler.Wrapper {

  public static final String HEADER = "X-Request-ID";
  /** The id as this server chose it, for the handlers behind this one. */
  static final String INTERNAL = "X-RecoveryLink-Correlation-Id";

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern TEN_DIGITS = Pattern.compile("\\d{10}");

  @Override
  public boolean handle(Request request, Response response, Callback callback)
      throws Exception {
    String id = correlationId(request.getHeaders().get(HEADER));
    response.getHeaders().put(HEADER, id);
    HttpFields headers = HttpFields.build(request.getHeaders()).put(INTERNAL, id)
        .asImmutable();
    Request tagged = new Request.Wrapper(request) {
      @Override
      public HttpFields getHeaders() {
        return headers;
      }
    };
    MDC.put(Logs.REQUEST_ID, id);
    try {
      return super.handle(tagged, response, callback);
    } finally {
      MDC.remove(Logs.REQUEST_ID);
    }
  }

  /** The caller's id (null: none) if it is plain enough to log and echo, else a new one. */
  static String correlationId(String given) {
    return given != null && PLAIN.matcher(given).matches() && !holdsNhsNumber(given) ? given
        : RandomIds.uuid().toString();
  }

  /** An NHS number is patient data even as an id: one that checks out is never logged. */
  private static boolean holdsNhsNumber(String id) {
    Matcher digits = TEN_DIGITS.matcher(id);
    for (int from = 0; digits.find(from); from = digits.start() + 1) {
      if (NhsNumber.problem(digits.group()).isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
