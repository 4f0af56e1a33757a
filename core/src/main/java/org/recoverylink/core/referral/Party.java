package org.recoverylink.core.referral;

/** Which side of a referral acts on its Task. */
public enum Party {
  /** The organisation that made the referral. */
  REFERRER,
  /** The organisation of the service the Task is for. */
  RECEIVER,
  /**
   * The hub itself: it opens each Task as {@link TaskStatus#REQUESTED}, at intake and on a
   * re-route, and changes no status after that.
   */
  HUB
}
