package org.recoverylink.server.hearback;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who hears back, and how (issue 24; docs/http-api.md "Hearing back"): read from the properties
 * file {@value #FILE} names, with the Notify API key from {@value #NOTIFY_KEY} (a secret: never
 * in the file, never logged).
 *
 * <pre>
 * notify.base-url=https://api.notifications.service.gov.uk   (the default)
 * notify.sms-template=TEMPLATE-UUID      (a template whose body is ((message)))
 * notify.email-template=TEMPLATE-UUID    (the same, with subject e.g. "Your referral")
 * referrer.A81001=https://gp.example/fhir    (a referrer's FHIR base, by ODS code)
 * respond-within=3                       (working days: the default for every service)
 * respond-within.SERVICE-ID=5            (one service's own)
 * lead.SERVICE-ID.email=lead@example.nhs.uk
 * lead.SERVICE-ID.sms=07700900123
 * bank-holiday=2028-01-03,2028-04-14     (added to GOV.UK's list shipped with the server)
 * check-every=PT5M                       (how often waiting Tasks are looked at)
 * </pre>
 *
 * @param govNotify         GOV.UK Notify, when its key and templates are given: otherwise texts
 *                          and emails are off (the server says so at start)
 * @param referrerEndpoints the FHIR bases referrers take BaRS status messages at, by ODS code
 * @param respondWithin     working days a service has to accept or decline a referral
 * @param perService        a service's own number of working days, by service id
 * @param leads             each service's lead, told of an escalation
 * @param bankHolidays      bank holidays added to GOV.UK's published list
 * @param checkEvery        how often the escalation job looks
 * @param firstRetry        the wait before telling again after a failure; doubling, to an hour
 * @param maxAge            how long a telling is tried before it is given up
 * @param timeout           how long one attempt may take
 */
public record HearBackSettings(Optional<Notify> govNotify, Map<String, String> referrerEndpoints,
    int respondWithin, Map<String, Integer> perService, Map<String, Lead> leads,
    Set<LocalDate> bankHolidays, Duration checkEvery, Duration firstRetry, Duration maxAge,
    Duration timeout) {

  /** The variable naming the settings file. */
  public static final String FILE = "RECOVERYLINK_HEAR_BACK";
  /** The variable holding the Notify API key. */
  public static final String NOTIFY_KEY = "RECOVERYLINK_NOTIFY_API_KEY";
  /** GOV.UK Notify's API. */
  public static final String NOTIFY_BASE = "https://api.notifications.service.gov.uk";
  /**
   * Working days to accept or decline, where no service says otherwise. No national figure
   * exists for this; three is short enough that a referral cannot wait a whole week unseen,
   * which is the reading that protects the person. Commissioners set their own.
   */
  public static final int DEFAULT_RESPOND_WITHIN = 3;

  private static final Pattern TEMPLATE = Pattern.compile("[0-9a-fA-F-]{36}");

  /**
   * GOV.UK Notify's settings.
   *
   * @param apiKey        the API key (key name, service id and secret): a secret
   * @param baseUrl       the API's address; a test points it at a stand-in
   * @param smsTemplate   the text template: its body is {@code ((message))}
   * @param emailTemplate the email template: its body is {@code ((message))}
   */
  public record Notify(String apiKey, URI baseUrl, Optional<String> smsTemplate,
      Optional<String> emailTemplate) {

    public Notify {
      Objects.requireNonNull(apiKey, "apiKey");
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(smsTemplate, "smsTemplate");
      Objects.requireNonNull(emailTemplate, "emailTemplate");
    }

    @Override
    public String toString() {
      return "Notify[apiKey=(set), baseUrl=" + baseUrl + ", smsTemplate="
          + smsTemplate.orElse("(none)") + ", emailTemplate=" + emailTemplate.orElse("(none)")
          + "]";
    }
  }

  /** A service's lead: told of an escalation by email and/or text. */
  public record Lead(Optional<String> email, Optional<String> sms) {

    public Lead {
      Objects.requireNonNull(email, "email");
      Objects.requireNonNull(sms, "sms");
    }
  }

  public HearBackSettings {
    Objects.requireNonNull(govNotify, "govNotify");
    referrerEndpoints = Map.copyOf(referrerEndpoints);
    perService = Map.copyOf(perService);
    leads = Map.copyOf(leads);
    bankHolidays = Set.copyOf(bankHolidays);
    Objects.requireNonNull(checkEvery, "checkEvery");
    Objects.requireNonNull(firstRetry, "firstRetry");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(timeout, "timeout");
    if (respondWithin < 1 || perService.values().stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("respond-within must be 1 working day or more");
    }
  }

  /** Nobody told but by the Task; escalation after the default working days, nobody told. */
  public static HearBackSettings off() {
    return new HearBackSettings(Optional.empty(), Map.of(), DEFAULT_RESPOND_WITHIN, Map.of(),
        Map.of(), Set.of(), Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(3),
        Duration.ofSeconds(20));
  }

  /** The working days {@code service} has to accept or decline. */
  public int respondWithin(String service) {
    return perService.getOrDefault(service, respondWithin);
  }

  /** These settings with the Notify key (from {@value #NOTIFY_KEY}), if any, and a file's. */
  public static HearBackSettings read(Path file, Optional<String> apiKey) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), apiKey, file.toString());
  }

  /**
   * Settings from a properties text.
   *
   * @throws IllegalArgumentException listing every problem
   */
  public static HearBackSettings parse(String text, Optional<String> apiKey, String where) {
    Properties properties = new Properties();
    try (Reader reader = new StringReader(text)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": not a properties file: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    HearBackSettings off = off();
    Map<String, String> referrers = new HashMap<>();
    Map<String, Integer> perService = new HashMap<>();
    Map<String, Optional<String>> leadEmail = new HashMap<>();
    Map<String, Optional<String>> leadSms = new HashMap<>();
    Set<LocalDate> holidays = new HashSet<>();
    int respondWithin = off.respondWithin();
    Duration checkEvery = off.checkEvery();
    URI base = URI.create(NOTIFY_BASE);
    Optional<String> sms = Optional.empty();
    Optional<String> email = Optional.empty();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      String value = properties.getProperty(key).strip();
      if (key.equals("notify.base-url")) {
        base = url(where, key, value, problems);
      } else if (key.equals("notify.sms-template")) {
        sms = template(where, key, value, problems);
      } else if (key.equals("notify.email-template")) {
        email = template(where, key, value, problems);
      } else if (key.startsWith("referrer.") && key.length() > "referrer.".length()) {
        url(where, key, value, problems);
        referrers.put(key.substring("referrer.".length()), value);
      } else if (key.equals("respond-within")) {
        respondWithin = days(where, key, value, problems);
      } else if (key.startsWith("respond-within.")) {
        perService.put(key.substring("respond-within.".length()),
            days(where, key, value, problems));
      } else if (key.startsWith("lead.") && key.endsWith(".email")) {
        leadEmail.put(key.substring(5, key.length() - 6), Optional.of(value));
      } else if (key.startsWith("lead.") && key.endsWith(".sms")) {
        leadSms.put(key.substring(5, key.length() - 4), Optional.of(value));
      } else if (key.equals("bank-holiday")) {
        for (String day : value.split(",")) {
          try {
            holidays.add(LocalDate.parse(day.strip()));
          } catch (DateTimeParseException e) {
            problems.add(where + ": " + key + ": not a date (YYYY-MM-DD): " + day.strip());
          }
        }
      } else if (key.equals("check-every")) {
        try {
          checkEvery = Duration.parse(value);
          if (checkEvery.isNegative() || checkEvery.isZero()) {
            problems.add(where + ": " + key + " must be longer than nothing");
          }
        } catch (DateTimeParseException e) {
          problems.add(where + ": " + key + ": not a duration (e.g. PT5M): " + value);
        }
      } else {
        problems.add(where + ": unknown setting " + key);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Map<String, Lead> leads = new HashMap<>();
    Set<String> services = new HashSet<>(leadEmail.keySet());
    services.addAll(leadSms.keySet());
    for (String service : services) {
      leads.put(service, new Lead(leadEmail.getOrDefault(service, Optional.empty()),
          leadSms.getOrDefault(service, Optional.empty())));
    }
    Optional<Notify> notify = apiKey.filter(k -> !k.isBlank()).isPresent()
        && (sms.isPresent() || email.isPresent())
        ? Optional.of(new Notify(apiKey.get().strip(), base, sms, email)) : Optional.empty();
    return new HearBackSettings(notify, referrers, respondWithin, perService, leads, holidays,
        checkEvery, off.firstRetry(), off.maxAge(), off.timeout());
  }

  /** These settings with Notify at {@code notify}; for tests and embedders. */
  public HearBackSettings withNotify(Notify notify) {
    return new HearBackSettings(Optional.of(notify), referrerEndpoints, respondWithin,
        perService, leads, bankHolidays, checkEvery, firstRetry, maxAge, timeout);
  }

  /** These settings with the attempts paced so; for tests and embedders. */
  public HearBackSettings withPace(Duration checkEvery, Duration firstRetry, Duration maxAge,
      Duration timeout) {
    return new HearBackSettings(govNotify, referrerEndpoints, respondWithin, perService, leads,
        bankHolidays, checkEvery, firstRetry, maxAge, timeout);
  }

  private static URI url(String where, String key, String value, List<String> problems) {
    try {
      URI uri = URI.create(value);
      // What goes there names people (a referrer's Task) or carries the Notify key: HTTPS,
      // but on this machine, where a test's stand-in listens.
      boolean local = uri.getHost() != null && (uri.getHost().equals("localhost")
          || uri.getHost().equals("127.0.0.1"));
      if (uri.getScheme() == null || uri.getHost() == null || !(uri.getScheme().equals("https")
          || uri.getScheme().equals("http") && local)) {
        problems.add(where + ": " + key + ": not an https URL (http only on localhost): "
            + value);
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + key + ": not a URL: " + value);
      return URI.create(NOTIFY_BASE);
    }
  }

  private static Optional<String> template(String where, String key, String value,
      List<String> problems) {
    if (!TEMPLATE.matcher(value).matches()) {
      problems.add(where + ": " + key + ": not a Notify template id (a UUID): " + value);
    }
    return Optional.of(value);
  }

  private static int days(String where, String key, String value, List<String> problems) {
    try {
      int days = Integer.parseInt(value);
      if (days >= 1 && days <= 60) {
        return days;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    problems.add(where + ": " + key + ": working days from 1 to 60, not " + value);
    return DEFAULT_RESPOND_WITHIN;
  }
}
