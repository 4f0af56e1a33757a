package org.recoverylink.server.hearback;

import java.util.Map;
import java.util.Objects;
import uk.gov.service.notify.NotificationClient;
import uk.gov.service.notify.NotificationClientException;

/**
 * Texts and emails through GOV.UK Notify's own Java client: each with the configured template,
 * whose body is {@code ((message))}, the words in {@code message} and our reference for the
 * telling. Notify does not turn away a second request with the same reference, so exactly once
 * rests on the outbox: a telling is marked sent as soon as Notify takes it.
 */
public final class NotifyNotifications implements Notifications {

  private final NotificationClient client;
  private final HearBackSettings.Notify settings;

  public NotifyNotifications(HearBackSettings.Notify settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = new NotificationClient(settings.apiKey(), settings.baseUrl().toString());
  }

  @Override
  public void text(String phone, String words, String reference) throws Failed {
    String template = settings.smsTemplate().orElseThrow(() -> new Failed(false, 0,
        "no text template is configured"));
    try {
      client.sendSms(template, phone, Map.of("message", words), reference);
    } catch (NotificationClientException e) {
      throw failed(e);
    }
  }

  @Override
  public void email(String address, String words, String reference) throws Failed {
    String template = settings.emailTemplate().orElseThrow(() -> new Failed(false, 0,
        "no email template is configured"));
    try {
      client.sendEmail(template, address, Map.of("message", words), reference);
    } catch (NotificationClientException e) {
      throw failed(e);
    }
  }

  @Override
  public boolean texts() {
    return settings.smsTemplate().isPresent();
  }

  @Override
  public boolean emails() {
    return settings.emailTemplate().isPresent();
  }

  /**
   * Notify's answer as a failure: 429 and 5xx (and no answer at all) are worth another try,
   * as Notify's documentation says of its rate limit and its own errors; any other 4xx (a bad
   * number, a key refused, a template missing) would be refused the same way again. Notify's
   * error text may quote the number or address: it is not kept, only the status.
   */
  private static Failed failed(NotificationClientException e) {
    int status = e.getHttpResult();
    boolean retry = status == 0 || status == 429 || status >= 500;
    return new Failed(retry, status, status == 0 ? "GOV.UK Notify could not be reached"
        : "GOV.UK Notify answered HTTP " + status);
  }
}
