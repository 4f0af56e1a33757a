package org.recoverylink.server.inbox;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.recoverylink.core.directory.Capacity;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.nhs.England;
import org.recoverylink.core.referral.TaskStatus;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.web.View;

/**
 * Renders the inbox's pages from the use cases' answers, through the templates compiled at build
 * time (src/main/jte/inbox). Thread-safe.
 */
public final class InboxScreens {

  /** The lists staff work from, in the order a referral moves through them. */
  public static final List<TaskStatus> LISTS = List.of(TaskStatus.REQUESTED,
      TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS);
  /** Why a service may decline, as the Task's rejection reasons code them. */
  public static final List<String> DECLINE_REASONS = List.of("not-eligible", "no-capacity",
      "patient-choice", "other");
  /** The most a decline's details may say. */
  public static final int DETAILS = 1000;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy",
      Locale.UK);

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
      InboxScreens.class.getClassLoader(), "org.recoverylink.server.web.template");
  private final Directory directory;

  public InboxScreens(Directory directory) {
    this.directory = directory;
  }

  /** The page to sign in from, with what just happened (signed out, session ended), if any. */
  public String signIn(String notice) {
    return message(new InboxView.Message(page("Sign in", Optional.empty(), "", notice),
        "Sign in to the provider inbox", List.of("See and answer the referrals sent to your"
            + " service.", "You sign in with your organisation's account."), "Sign in",
        "/inbox/sign-in"));
  }

  /** A page of words, for the signed-in member of staff if there is one. */
  public String message(Optional<StaffSessions.Session> session, String title, String heading,
      List<String> paragraphs, String button, String href) {
    return message(new InboxView.Message(page(title, session, "", ""), heading, paragraphs,
        button, href));
  }

  /** One list of referrals. */
  public String listing(StaffSessions.Session session, TaskStatus status, Inbox.Listing listing,
      String notice) {
    List<InboxView.Tab> tabs = LISTS.stream().map(s -> new InboxView.Tab(href(s), listName(s),
        s == status)).toList();
    List<InboxView.Row> rows = listing.rows().stream().map(row -> new InboxView.Row(
        "/inbox/referrals/" + row.task().id(), day(row.story().receivedOn()),
        row.story().name(), row.story().birthDate().map(InboxScreens::day).orElse("Not given"),
        service(row.task().service()), row.story().urgent(), row.overdue())).toList();
    String count = listing.total() == 0 ? "There are no referrals here."
        : listing.total() == 1 ? "1 referral, oldest first."
        : listing.total() + " referrals, oldest first.";
    String next = listing.next().map(id -> href(status) + (status == TaskStatus.REQUESTED
        ? "?" : "&") + "after=" + id).orElse("");
    String services = String.join(" and ", session.staff().services().stream()
        .map(Service::name).toList());
    return render("inbox/list.jte", "listing", new InboxView.Listing(page(listName(status)
        + " referrals", Optional.of(session), "", notice), listName(status) + " referrals for "
        + services, tabs, rows, count, next));
  }

  /** One referral, with the forms its status allows; {@code errors} from a decline sent. */
  public String referral(StaffSessions.Session session, Inbox.Row row, LocalDate today,
      String notice, List<View.Problem> errors, String reasonSent, String detailsSent) {
    ReferralStory story = row.story();
    List<InboxView.Section> sections = new ArrayList<>();
    List<InboxView.Item> person = new ArrayList<>();
    person.add(item("Name", story.name()));
    person.add(item("Date of birth", story.birthDate().map(b -> day(b) + " (aged "
        + story.age(today).orElseThrow() + ")").orElse("Not given")));
    person.add(item("NHS number", story.nhsNumber().orElse("Not given")));
    person.add(item("Where they live", story.address().orElse("Not given")));
    person.add(new InboxView.Item("Phone or email", story.contact().isEmpty()
        ? List.of("None given. Read the safe contact note before contacting them.")
        : story.contact()));
    sections.add(new InboxView.Section("About the person", person));
    List<InboxView.Item> referral = new ArrayList<>();
    referral.add(item("Referred by", story.referrer()));
    referral.add(item("Service", service(row.task().service())));
    referral.add(item("Why this service", row.task().note().orElse("Not recorded")));
    referral.add(new InboxView.Item("Substances", story.substances().isEmpty()
        ? List.of("None named") : story.substances()));
    if (!story.flags().isEmpty()) {
      referral.add(new InboxView.Item("Flags", story.flags()));
    }
    if (!story.results().isEmpty()) {
      referral.add(new InboxView.Item("Screening results", story.results()));
    }
    if (row.task().status().equals(TaskStatus.REQUESTED.code())) {
      referral.add(item("Accept or decline by", day(row.deadline().respondBy())
          + (row.overdue() ? " (overdue)" : "")));
    }
    row.deadline().escalated().ifPresent(at -> referral.add(item("Escalated", "On "
        + day(LocalDate.ofInstant(at, England.ZONE)) + " the service's lead was told it was"
        + " waiting")));
    row.task().statusReason().ifPresent(reason -> referral.add(item("Reason given", reason)));
    sections.add(new InboxView.Section("The referral", referral));
    if (!story.notes().isEmpty()) {
      sections.add(new InboxView.Section("What the referrer told us", List.of(
          new InboxView.Item("In their words", story.notes()))));
    }
    TaskStatus status = Coded.fromCode(TaskStatus.class, row.task().status()).orElseThrow();
    List<String> actions = switch (status) {
      case REQUESTED -> List.of("accept");
      case ACCEPTED -> List.of("first-contact");
      case IN_PROGRESS -> List.of("complete");
      default -> List.of();
    };
    String reasonError = errors.stream().filter(p -> p.field().startsWith("reason"))
        .map(View.Problem::message).findFirst().orElse("");
    String detailsError = errors.stream().filter(p -> p.field().equals("details"))
        .map(View.Problem::message).findFirst().orElse("");
    View.Field reason = new View.Field("reason", "radios", "Why are you declining it?",
        "If you decline for any reason but the person's own choice, the referral goes to the"
            + " next service that can take it.",
        DECLINE_REASONS.stream().map(code -> new View.Choice(code,
            CodeSystems.REJECTION_REASONS.get(code), "")).toList(),
        reasonSent.isEmpty() ? List.of() : List.of(reasonSent), reasonError, 0, "", "");
    View.Field details = new View.Field("details", "textarea", "Anything the referrer should"
        + " know (optional)", "Do not include clinical details the referrer does not need.",
        List.of(), List.of(detailsSent), detailsError, DETAILS, "", "");
    // The title is the browser's tab and history: never the person's name.
    return render("inbox/referral.jte", "referral", new InboxView.Referral(page("Referral",
        Optional.of(session), href(LISTS.contains(status) ? status : TaskStatus.REQUESTED),
        notice, errors), story.name(), day(story.receivedOn()), status.display(),
        story.urgent(), row.overdue(), sections, row.task().id(), row.task().version(),
        actions, reason, details));
  }

  /** A service's capacity, as the list shows it. */
  public record ServiceCapacity(Service service, Capacity capacity, Optional<LocalDate> changed) {
  }

  /** The member of staff's services and their capacity. */
  public String capacities(StaffSessions.Session session, List<ServiceCapacity> services,
      String notice) {
    return render("inbox/capacity.jte", "list", new InboxView.CapacityList(page(
        "Your service's capacity", Optional.of(session), "", notice), services.stream()
        .map(s -> new InboxView.CapacityRow(s.service().name(), sentence(s.capacity()
            .describe()), s.changed().map(d -> "Changed " + day(d)).orElse("Never changed"),
            "/inbox/capacity/" + s.service().id())).toList()));
  }

  /** The form that sets a service's capacity, as sent when it had {@code errors}. */
  public String capacityForm(StaffSessions.Session session, Service service, String statusSent,
      String weeksSent, List<View.Problem> errors) {
    String statusError = errors.stream().filter(p -> p.field().startsWith("status"))
        .map(View.Problem::message).findFirst().orElse("");
    String weeksError = errors.stream().filter(p -> p.field().equals("weeks"))
        .map(View.Problem::message).findFirst().orElse("");
    View.Field status = new View.Field("status", "radios", "Is your service taking new"
        + " referrals?", "", List.of(new View.Choice("accepting", "Yes", ""),
        new View.Choice("waiting-list", "Yes, with a waiting list", "Say how many weeks below."),
        new View.Choice("paused", "No, new referrals are paused", "People are sent to another"
            + " service that can help, or to the single point of contact.")),
        statusSent.isEmpty() ? List.of() : List.of(statusSent), statusError, 0, "", "");
    View.Field weeks = new View.Field("weeks", "text", "Waiting list in weeks", "Only if you"
        + " have a waiting list: a whole number from 1 to 52.", List.of(), List.of(weeksSent),
        weeksError, 2, "off", "numeric");
    return render("inbox/capacity-form.jte", "form", new InboxView.CapacityForm(page(
        service.name() + " capacity", Optional.of(session), "/inbox/capacity", "", errors),
        service.name(), "/inbox/capacity/" + service.id(), status, weeks));
  }

  private static String sentence(String words) {
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** The list of a status. */
  public static String href(TaskStatus status) {
    return status == TaskStatus.REQUESTED ? "/inbox" : "/inbox?status=" + status.code();
  }

  private static String listName(TaskStatus status) {
    return switch (status) {
      case REQUESTED -> "New";
      case ACCEPTED -> "Accepted";
      case IN_PROGRESS -> "In progress";
      default -> status.display();
    };
  }

  private String service(String id) {
    return directory.service(id).map(Service::name).orElse(id);
  }

  private static InboxView.Item item(String key, String value) {
    return new InboxView.Item(key, List.of(value));
  }

  private static String day(LocalDate day) {
    return DAY.format(day);
  }

  private static InboxView.Page page(String title, Optional<StaffSessions.Session> session,
      String back, String notice) {
    return page(title, session, back, notice, List.of());
  }

  private static InboxView.Page page(String title, Optional<StaffSessions.Session> session,
      String back, String notice, List<View.Problem> errors) {
    return new InboxView.Page(title, session.map(StaffSessions.Session::csrf).orElse(""),
        session.map(s -> s.staff().name()).orElse(""), back, notice, errors);
  }

  private String message(InboxView.Message message) {
    return render("inbox/message.jte", "message", message);
  }

  private String render(String template, String name, Object model) {
    StringOutput output = new StringOutput(8192);
    engine.render(template, Map.of(name, model), output);
    return output.toString();
  }
}
