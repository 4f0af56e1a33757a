package org.recoverylink.core.directory;

import java.util.Optional;

/**
 * Whether a service takes new referrals just now, as the service itself says (a service without
 * a FHIR system sets it in the provider inbox): accepting, accepting onto a waiting list of some
 * weeks, or paused. Routing sends no one to a paused service, except the single point of
 * contact, which stays the last resort ({@link org.recoverylink.core.routing.Router}).
 */
public sealed interface Capacity {

  /** The longest waiting list that can be set: a year. Longer is taken for a typing error. */
  int MAX_WEEKS = 52;

  /** Taking referrals as usual. */
  record Accepting() implements Capacity {
    @Override
    public String code() {
      return "accepting";
    }

    @Override
    public String describe() {
      return "accepting referrals";
    }
  }

  /**
   * Taking referrals, seen after a wait.
   *
   * @param weeks the wait for a first appointment, in whole weeks, 1 to {@value #MAX_WEEKS}
   */
  record WaitingList(int weeks) implements Capacity {
    public WaitingList {
      if (weeks < 1 || weeks > MAX_WEEKS) {
        throw new IllegalArgumentException("a waiting list is 1 to " + MAX_WEEKS
            + " weeks, not " + weeks);
      }
    }

    @Override
    public String code() {
      return "waiting-list";
    }

    @Override
    public String describe() {
      return "waiting list of " + weeks + (weeks == 1 ? " week" : " weeks");
    }
  }

  /** Not taking new referrals for now. */
  record Paused() implements Capacity {
    @Override
    public String code() {
      return "paused";
    }

    @Override
    public String describe() {
      return "paused (not taking new referrals)";
    }
  }

  /** Taking referrals as usual. */
  static Capacity accepting() {
    return new Accepting();
  }

  /** Taking referrals onto a waiting list of {@code weeks}, 1 to {@value #MAX_WEEKS}. */
  static Capacity waitingList(int weeks) {
    return new WaitingList(weeks);
  }

  /** Not taking new referrals. */
  static Capacity paused() {
    return new Paused();
  }

  /**
   * The capacity a code names ({@code accepting}, {@code waiting-list} with its weeks,
   * {@code paused}), e.g. as stored; empty when the code is unknown or the weeks do not fit.
   */
  static Optional<Capacity> of(String code, Integer weeks) {
    if ("accepting".equals(code) && weeks == null) {
      return Optional.of(accepting());
    }
    if ("paused".equals(code) && weeks == null) {
      return Optional.of(paused());
    }
    if ("waiting-list".equals(code) && weeks != null && weeks >= 1 && weeks <= MAX_WEEKS) {
      return Optional.of(waitingList(weeks));
    }
    return Optional.empty();
  }

  /** Its code: {@code accepting}, {@code waiting-list} or {@code paused}. */
  String code();

  /** In plain words, e.g. "waiting list of 6 weeks". */
  String describe();

  /** The weeks of a waiting list; empty otherwise. */
  default Optional<Integer> waitingWeeks() {
    return this instanceof WaitingList list ? Optional.of(list.weeks()) : Optional.empty();
  }

  /** Whether it takes no new referrals. */
  default boolean isPaused() {
    return this instanceof Paused;
  }
}
