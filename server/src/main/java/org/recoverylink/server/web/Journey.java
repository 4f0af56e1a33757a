package org.recoverylink.server.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One person's answers while they fill in the pages, held in memory only ({@link Journeys}),
 * never in a URL or a cookie: the cookie carries the journey's random id alone. Its form token
 * must come back with every form (a cross-site form cannot know it). Thread-safe: two tabs may
 * post at once.
 */
public final class Journey {

  private final String id;
  private final String csrf;
  private final String reference;
  private final Map<String, List<String>> answers = new HashMap<>();
  private Instant used;
  private View.Message confirmation;

  Journey(String id, String csrf, String reference, Instant now) {
    this.id = id;
    this.csrf = csrf;
    this.reference = reference;
    this.used = now;
  }

  public String id() {
    return id;
  }

  /** The token every form of this journey carries. */
  public String csrf() {
    return csrf;
  }

  /**
   * The reference a referral from this journey gets, chosen when the journey starts, so that the
   * same form sent twice is one referral.
   */
  public String reference() {
    return reference;
  }

  synchronized Instant used() {
    return used;
  }

  synchronized void touch(Instant now) {
    used = now;
  }

  /** The answers to {@code name}, in the order given; none if not answered. */
  public synchronized List<String> answers(String name) {
    return answers.getOrDefault(name, List.of());
  }

  /** The first answer to {@code name}, or empty. */
  public synchronized String answer(String name) {
    List<String> given = answers.get(name);
    return given == null || given.isEmpty() ? "" : given.get(0);
  }

  public synchronized void put(String name, List<String> values) {
    answers.put(name, List.copyOf(values));
  }

  public synchronized void put(String name, String value) {
    answers.put(name, List.of(value));
  }

  public synchronized void remove(String name) {
    answers.remove(name);
  }

  /** Every answer, for the self-check's reset. */
  public synchronized void removeAll(List<String> names) {
    new ArrayList<>(names).forEach(answers::remove);
  }

  /** The confirmation page once the referral is sent; then the answers are gone. */
  public synchronized Optional<View.Message> confirmation() {
    return Optional.ofNullable(confirmation);
  }

  synchronized void sent(View.Message page) {
    confirmation = page;
    answers.clear();
  }
}
