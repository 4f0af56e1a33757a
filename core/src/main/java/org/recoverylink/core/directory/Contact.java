package org.recoverylink.core.directory;

import java.util.Objects;
import java.util.Optional;

/**
 * How the public reaches a service, as far as the directory knows it. Nothing here is ever
 * guessed, so every part may be missing: the Essex directory knows none of them (its sources
 * give no phone numbers or web pages), and a deployment's own directory fills them in.
 * {@link Directory.Builder#build()} checks each part's form, since the treatment system map
 * turns them into links.
 *
 * @param phone   a telephone number as people dial it, e.g. {@code 01632 960000}
 * @param email   an email address
 * @param website the service's own web page, an http(s) URL
 */
public record Contact(Optional<String> phone, Optional<String> email,
    Optional<String> website) {

  private static final Contact NONE = new Contact(Optional.empty(), Optional.empty(),
      Optional.empty());

  public Contact {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(website, "website");
  }

  /** Nothing known. */
  public static Contact none() {
    return NONE;
  }

  public boolean isEmpty() {
    return phone.isEmpty() && email.isEmpty() && website.isEmpty();
  }
}
