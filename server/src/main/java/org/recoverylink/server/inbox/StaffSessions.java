package org.recoverylink.server.inbox;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Staff sessions and sign-ins under way, in memory, by random ids that only their cookies carry.
 * A session ends when unused for the idle time, at the absolute time after sign-in, at
 * sign-out, or when the server restarts (staff sign in again). A sign-in under way is kept for
 * {@link #SIGN_IN}, and can be finished once. At most {@link #MAX} of each. Thread-safe.
 */
public final class StaffSessions {

  /** How long a sign-in may take at the identity provider. */
  static final Duration SIGN_IN = Duration.ofMinutes(10);
  /** The most sessions, and sign-ins under way, kept at once. */
  static final int MAX = 10_000;

  /** A session: its CSRF token goes with every form it sends. */
  public static final class Session {
    private final String id;
    private final String csrf;
    private final Staff staff;
    private final Instant started;
    private volatile Instant used;

    private Session(String id, String csrf, Staff staff, Instant started) {
      this.id = id;
      this.csrf = csrf;
      this.staff = staff;
      this.started = started;
      this.used = started;
    }

    public String id() {
      return id;
    }

    public String csrf() {
      return csrf;
    }

    public Staff staff() {
      return staff;
    }

    /** Whether {@code sent} is this session's CSRF token (compared in constant time). */
    public boolean sentBy(String sent) {
      return sent != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
          sent.getBytes(StandardCharsets.UTF_8));
    }
  }

  private record Waiting(SignIn.Pending pending) {
  }

  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Waiting> signIns = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Duration idle;
  private final Duration absolute;

  public StaffSessions(Clock clock, Duration idle, Duration absolute) {
    this.clock = clock;
    this.idle = idle;
    this.absolute = absolute;
  }

  /** Thrown when {@link #MAX} are kept already. */
  public static final class Full extends RuntimeException {
    Full() {
      super("too many sessions", null, false, false);
    }
  }

  /** Keeps a sign-in under way; answers the id its cookie carries. */
  public String waiting(SignIn.Pending pending) {
    Instant now = clock.instant();
    if (signIns.size() >= MAX) {
      signIns.values().removeIf(w -> w.pending().begun().plus(SIGN_IN).isBefore(now));
      if (signIns.size() >= MAX) {
        throw new Full();
      }
    }
    String id = token();
    signIns.put(id, new Waiting(pending));
    return id;
  }

  /**
   * The sign-in under way that this browser ({@code id}, from its cookie) began, if it is the
   * one {@code state} names and still fresh; it is forgotten either way, so a code is used once.
   */
  public Optional<SignIn.Pending> comeBack(String id, String state) {
    if (id == null || state == null) {
      return Optional.empty();
    }
    Waiting waiting = signIns.remove(id);
    if (waiting == null || !MessageDigest.isEqual(waiting.pending().state()
        .getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))
        || waiting.pending().begun().plus(SIGN_IN).isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(waiting.pending());
  }

  /** A new session for a member of staff just signed in. */
  public Session start(Staff staff) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX) {
      sessions.values().removeIf(s -> ended(s, now));
      if (sessions.size() >= MAX) {
        throw new Full();
      }
    }
    Session session = new Session(token(), token(), staff, now);
    sessions.put(session.id(), session);
    return session;
  }

  /** The session with this id, if it has not ended; finding it counts as using it. */
  public Optional<Session> find(String id) {
    if (id == null || id.length() != 43) {
      return Optional.empty();
    }
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (ended(session, now)) {
      sessions.remove(id, session);
      return Optional.empty();
    }
    session.used = now;
    return Optional.of(session);
  }

  /** Ends a session (sign-out). */
  public void end(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  private boolean ended(Session session, Instant now) {
    return session.used.plus(idle).isBefore(now) || !session.started.plus(absolute).isAfter(now);
  }

  /** 256 random bits, URL-safe: 43 characters. */
  private String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
