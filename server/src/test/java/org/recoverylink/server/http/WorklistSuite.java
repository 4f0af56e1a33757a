package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.store.Databases;

/**
 * A provider's worklist (docs/http-api.md "Refer"): {@code Task?owner=&status=requested} pages
 * through every matching Task exactly once, oldest first, by {@code next} links, with the count of
 * all of them as {@code total}, also while new referrals arrive between pages. Unknown search
 * parameters are refused rather than ignored. Each test on a fresh server.
 */
abstract class WorklistSuite {

  /** Where {@link Referrals#referral} is routed: its organisation, as a token's org. */
  private static final String PHOENIX = "phoenix-futures";
  private static final String WORKLIST = "Task?owner=Organization/" + PHOENIX
      + "&status=requested";
  /** The documented page size without {@code _count}, and the most a page holds. */
  private static final int DEFAULT_COUNT = 50;
  private static final int MAX_COUNT = 500;

  private TestHub hub;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  @BeforeEach
  void start(@TempDir Path data) throws Exception {
    hub = TestHub.start(kind(), ServerOptions.defaults(data));
  }

  @AfterEach
  void stop() throws Exception {
    hub.close();
  }

  /**
   * Over a thousand on H2, the default store. PostgreSQL runs the same paging SQL; there it
   * takes more than the largest page (so a clamped page still leaves more to come), which
   * spares CI half a minute of sending referrals.
   */
  private int many() {
    return kind() == Databases.Kind.H2 ? 1050 : MAX_COUNT + 20;
  }

  @Test
  void theWorklistPagesThroughManyReferralsOnceEachOldestFirst() throws Exception {
    Set<String> phoenix = refer(many());
    Set<String> elsewhere = referElsewhere(12);

    List<Task> walked = walk(WORKLIST + "&_count=100", Role.PROVIDER, PHOENIX,
        phoenix::size, () -> { });

    assertEveryOnceOldestFirst(phoenix, walked);
    // The referrer sees its referrals to every provider: the owner filter picks Phoenix's.
    assertEveryOnceOldestFirst(phoenix, walk(WORKLIST + "&_count=300", Role.GP,
        Referrals.PRACTICE, phoenix::size, () -> { }));
    assertEveryOnceOldestFirst(elsewhere, walk("Task?status=requested&owner=Organization/"
        + "essex-recovery-foundation", Role.GP, Referrals.PRACTICE, elsewhere::size, () -> { }));

    Bundle first = hub.read(WORKLIST, Role.PROVIDER, PHOENIX, Bundle.class);
    assertEquals(DEFAULT_COUNT, matches(first).size(), "the documented default page");
    assertEquals(phoenix.size(), first.getTotal());
    assertTrue(first.getLink("next") != null, "more to come");

    Bundle clamped = hub.read(WORKLIST + "&_count=100000", Role.PROVIDER, PHOENIX,
        Bundle.class);
    assertEquals(MAX_COUNT, matches(clamped).size(), "over the most a page holds: the most");
    assertEquals(phoenix.size(), clamped.getTotal());
    assertTrue(clamped.getLink("self").getUrl().contains("_count=" + MAX_COUNT),
        clamped.getLink("self").getUrl());
    OperationOutcome warning = clamped.getEntry().stream()
        .filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.OUTCOME)
        .map(e -> (OperationOutcome) e.getResource()).findFirst().orElseThrow();
    assertEquals(OperationOutcome.IssueSeverity.WARNING, warning.getIssueFirstRep()
        .getSeverity());
    assertTrue(warning.getIssueFirstRep().getDiagnostics().contains("_count"),
        warning.getIssueFirstRep().getDiagnostics());
    assertEquals(List.of(), ServerValidator.get().errors(clamped));

    Bundle counted = hub.read(WORKLIST + "&_count=0", Role.PROVIDER, PHOENIX, Bundle.class);
    assertEquals(phoenix.size(), counted.getTotal());
    assertEquals(List.of(), counted.getEntry());
  }

  @Test
  void referralsArrivingBetweenPagesAreNeitherRepeatedNorLost() throws Exception {
    Set<String> phoenix = new HashSet<>(refer(230));
    int[] arrivals = {0};

    List<Task> walked = walk(WORKLIST + "&_count=40", Role.PROVIDER, PHOENIX, phoenix::size,
        () -> {
          phoenix.addAll(refer(7));
          arrivals[0]++;
        });

    assertTrue(arrivals[0] >= 6, "referrals arrived after each page but the last");
    assertEveryOnceOldestFirst(phoenix, walked);
  }

  @Test
  void unknownOrBadSearchParametersAreRefused() throws Exception {
    assertRefused(WORKLIST + "&statuss=accepted", "statuss");
    assertRefused(WORKLIST + "&_sort=-authored-on", "_sort");
    assertRefused(WORKLIST + "&_count=-1", "_count");
    assertRefused(WORKLIST + "&_count=ten", "_count");
    assertRefused(WORKLIST + "&_cursor=not-one-of-ours", "_cursor");
    assertRefused("ServiceRequest?identifier=" + Referrals.IDENTIFIER_SYSTEM
        + "%7CR-1&patient=9434765919", "patient");
  }

  @Test
  void tasksAreFoundByIdAndByWhenTheyLastChanged() throws Exception {
    refer(3);
    List<Task> all = matches(hub.read(WORKLIST, Role.PROVIDER, PHOENIX, Bundle.class));
    assertEquals(3, all.size());
    Task one = all.get(1);
    assertEquals(List.of(one.getIdPart()), ids(WORKLIST + "&_id=" + one.getIdPart()));
    assertEquals(List.of(), ids(WORKLIST + "&_id=no-such-task"));

    Instant changed = one.getMeta().getLastUpdated().toInstant();
    String later = changed.plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    String earlier = changed.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
        .toString();
    assertEquals(3, ids(WORKLIST + "&_lastUpdated=le" + later).size());
    assertEquals(0, ids(WORKLIST + "&_lastUpdated=gt" + later).size());
    assertEquals(3, ids(WORKLIST + "&_lastUpdated=ge" + earlier).size());
    assertEquals(0, ids(WORKLIST + "&_lastUpdated=lt" + earlier).size());
    // an instant stands for its second, a day for the day in England
    assertTrue(ids(WORKLIST + "&_lastUpdated=" + changed.truncatedTo(ChronoUnit.SECONDS))
        .contains(one.getIdPart()));
    assertTrue(ids(WORKLIST + "&_lastUpdated=eq" + LocalDate.ofInstant(changed,
        ZoneId.of("Europe/London"))).contains(one.getIdPart()));
    assertEquals(0, ids(WORKLIST + "&_lastUpdated=2000-01-01").size());

    assertRefused(WORKLIST + "&_lastUpdated=sa" + later, "_lastUpdated");
    assertRefused(WORKLIST + "&_lastUpdated=yesterday", "_lastUpdated");
    assertRefused(WORKLIST + "&_lastUpdated=2026-11-20T09:30Z", "_lastUpdated");
  }

  private List<String> ids(String path) throws Exception {
    return matches(hub.read(path, Role.PROVIDER, PHOENIX, Bundle.class)).stream()
        .map(Task::getIdPart).toList();
  }

  private void assertRefused(String path, String parameter) throws Exception {
    HttpResponse<String> refused = hub.send("GET", path, Role.PROVIDER, PHOENIX, null);
    assertEquals(400, refused.statusCode(), path + ": " + refused.body());
    OperationOutcome outcome = TestHub.FHIR.newJsonParser().parseResource(
        OperationOutcome.class, refused.body());
    assertEquals(List.of(), ServerValidator.get().errors(outcome));
    assertTrue(outcome.getIssueFirstRep().getDiagnostics().contains(parameter),
        refused.body());
  }

  /**
   * Follows {@code next} links from the first page to the last, checking each page's total
   * against what the test knows was sent, and doing {@code between} after each page.
   */
  private List<Task> walk(String firstPage, Role role, String org, IntSupplier total,
      Runnable between) throws Exception {
    List<Task> walked = new ArrayList<>();
    String page = firstPage;
    for (int pages = 0; page != null; pages++) {
      assertTrue(pages <= 100, "the next links never end");
      int expected = total.getAsInt();
      Bundle bundle = hub.read(page, role, org, Bundle.class);
      assertEquals(expected, bundle.getTotal(), "the total on page " + pages);
      walked.addAll(matches(bundle));
      Bundle.BundleLinkComponent next = bundle.getLink("next");
      if (next == null) {
        page = null;
      } else {
        String prefix = hub.base() + "/";
        assertTrue(next.getUrl().startsWith(prefix), next.getUrl());
        page = next.getUrl().substring(prefix.length());
        between.run();
      }
    }
    return walked;
  }

  private static List<Task> matches(Bundle bundle) {
    return bundle.getEntry().stream()
        .filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
        .map(e -> (Task) e.getResource()).toList();
  }

  /** Each referral's Task once, none other, and none authored before the one above it. */
  private static void assertEveryOnceOldestFirst(Set<String> referrals, List<Task> walked) {
    List<String> focus = walked.stream().map(t -> t.getFocus().getReferenceElement()
        .getIdPart()).toList();
    assertEquals(referrals.size(), walked.size(), "Tasks seen");
    assertEquals(referrals, Set.copyOf(focus));
    for (int i = 1; i < walked.size(); i++) {
      assertFalse(walked.get(i).getAuthoredOn().before(walked.get(i - 1).getAuthoredOn()),
          "Task " + i + " is older than the one before it");
    }
  }

  /** Referrals routed to Phoenix, a few at once: their ids. */
  private Set<String> refer(int count) {
    try {
      return ReferralLoad.refer(List.of(hub.base().toString()),
          hub.token(Role.GP, Referrals.PRACTICE), count);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Referrals named to a recovery space of another provider: their ids. */
  private Set<String> referElsewhere(int count) throws Exception {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      ServiceRequest referral = Referrals.referral("W-elsewhere-" + i);
      referral.addPerformer(new Reference("HealthcareService/erf-basildon"));
      HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
          Referrals.PRACTICE, referral);
      assertEquals(201, created.statusCode(), created.body());
      ids.add(TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class,
          created.body()).getIdPart());
    }
    return ids;
  }
}
