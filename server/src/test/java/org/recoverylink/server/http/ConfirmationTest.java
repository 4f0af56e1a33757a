package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;
import org.recoverylink.server.hub.Tasks;

/**
 * The confirmation page over HTTP against a running server on a clock the test moves: why this
 * service in plain words (never the router's rule text), when the service usually takes a
 * referral on only once the referral report knows it (more accepted referrals than the
 * small-number rule hides), and contact only by the channels marked safe.
 */
class ConfirmationTest {

  @TempDir
  static Path dir;
  private static final MovingClock CLOCK = new MovingClock(
      Instant.parse("2026-11-02T10:00:00Z"));
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(ServerSettings.builder(ServerOptions.defaults(dir.resolve("data"))
        .toBuilder().pageRate(100_000).build()).clock(CLOCK).build());
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  private static Personas persona(String name, String who, String postcode,
      List<String> substances, List<String> channels) {
    String[] names = name.split(" ");
    return new Personas(name, who, "", true, names[0], names[1], LocalDate.of(1980, 4, 12),
        postcode, "", substances, List.of(), false, channels);
  }

  /** The confirmation page's text for this persona's referral. */
  private static String confirmation(Personas p) throws Exception {
    FormClient.Page done = PublicPagesTest.walk(new FormClient(FormClient.root(hub.base())),
        p);
    assertEquals(200, done.status(), FormClient.text(done.body()));
    return FormClient.text(done.body());
  }

  @Test
  void whyThisServiceIsSaidInPlainWordsNotTheRulesText() throws Exception {
    Personas self = persona("Amy Plainwords", "self", "CO1 1AA", List.of("alcohol"),
        List.of("call"));
    Service service = EssexDirectory.directory().service(PublicPagesTest.routed(hub, self))
        .orElseThrow();
    String text = confirmation(self);
    assertTrue(text.contains("We have sent the referral to " + service.name() + "."), text);
    assertTrue(text.contains("Your postcode is in Colchester."), text);
    assertTrue(text.contains(service.name() + " helps people with drinking where you live."),
        text);
    for (String rule : List.of("main substance", "inferred", "postcode district",
        "Why this service:", "single point of contact")) {
      assertFalse(text.contains(rule), "rule text '" + rule + "' on the page: " + text);
    }
    String other = confirmation(persona("Ned Outsider", "other", "M1 1AE", List.of("opioids"),
        List.of("call")));
    assertTrue(other.contains("Their postcode is outside Essex."), other);
    assertTrue(other.contains("will find the right service for the person."), other);
  }

  @Test
  void theyAreContactedOnlyByTheChannelsMarkedSafe() throws Exception {
    String email = confirmation(persona("Eve Emailonly", "self", "CM9 4AA",
        List.of("cannabis"), List.of("email")));
    assertTrue(email.contains("They will contact you only by email, and will not leave a"
        + " message."), email);
    assertFalse(email.contains("phone call") || email.contains("text message"), email);
    String calls = confirmation(persona("Cal Callortext", "other", "CM16 4AA",
        List.of("alcohol"), List.of("text", "call")));
    assertTrue(calls.contains("They will contact the person only by a phone call or a text"
        + " message, and will not leave a message."), calls);
    assertFalse(calls.contains("email"), calls);
    String none = confirmation(persona("Kim Nochannel", "self", "IG10 1AA",
        List.of("alcohol"), List.of()));
    assertTrue(none.contains("No way of contacting you directly was marked safe, so the"
        + " service will contact you through your GP."), none);
  }

  @Test
  void whenTheServiceTakesReferralsOnIsSaidOnlyOnceTheReportKnowsIt() throws Exception {
    Personas first = persona("Uma Waiting", "self", "CB11 3AA", List.of("alcohol"),
        List.of("call"));
    Service service = EssexDirectory.directory().service(PublicPagesTest.routed(hub, first))
        .orElseThrow();
    String owner = Tasks.owner(service);
    List<String> before = worklist(owner).stream().map(Task::getIdPart).toList();
    assertFalse(confirmation(first).contains("half the referrals"), "nothing known yet");
    for (int i = 0; i < 4; i++) {
      confirmation(first);
    }
    CLOCK.forward(Duration.ofHours(60)); // two and a half days
    List<Task> waiting = worklist(owner).stream().filter(t -> !before.contains(t.getIdPart()))
        .toList();
    assertEquals(5, waiting.size(), "this test's five referrals wait");
    for (Task task : waiting.subList(0, 4)) {
      accept(task, owner);
    }
    String four = confirmation(first);
    assertFalse(four.contains("half the referrals"), "4 accepted: the small-number rule hides"
        + " them, so the report does not know: " + four);
    accept(waiting.get(4), owner);
    String five = confirmation(first);
    assertTrue(five.contains("In the last 3 months, half the referrals to " + service.name()
        + " were taken on within 3 days."), five);
  }

  private static List<Task> worklist(String owner) throws Exception {
    Bundle found = hub.read("Task?owner=Organization/" + owner + "&status=requested",
        Role.PROVIDER, owner, Bundle.class);
    return found.getEntry().stream().map(e -> (Task) e.getResource()).toList();
  }

  private static void accept(Task task, String owner) throws Exception {
    Task change = task.copy();
    change.setStatus(Task.TaskStatus.ACCEPTED);
    var answer = hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER, owner, change);
    assertEquals(200, answer.statusCode(), answer.body());
  }
}
