package org.recoverylink.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;

/**
 * Reads what a caller sends against the profile our FHIR package gives it, with the package the
 * build put on the class path (the same one we serve and publish), so that what we accept is
 * what the package says. Every problem is told at once, each at its element's FHIRPath; rules
 * that need our stored data (whose prescription it is, what was dispensed before) are the use
 * cases' own and come after.
 *
 * <p>Only the write endpoints whose inputs have a profile use it; {@code $assess}, the hot path,
 * reads its responses with the instrument's own rules. A profile the caller declares and we do
 * not carry (its own) is not held against it: we check ours, and UK Core's that we carry.
 *
 * <p>The reading is the definitions' snapshots walked in HAPI's R4 model ({@link InstanceCheck}),
 * not HAPI's profile validator: that works in the R5 model and converts every definition to it,
 * which held 95 MB of the server's heap and about 40 MB outside it. The tests hold the two side
 * by side on every variant of each kind of input.
 */
public final class InputProfiles {

  /** Done once loaded and prepared; {@link #loadInBackground} hands it out before that. */
  private final CompletableFuture<Catalogue> catalogue;

  private InputProfiles(CompletableFuture<Catalogue> catalogue) {
    this.catalogue = catalogue;
  }

  /**
   * As {@link #load} then {@link #warmUp}, on a thread of its own: the seconds this takes
   * overlap the rest of a server's start, which must call {@link #ready} before it serves.
   */
  public static InputProfiles loadInBackground(FhirContext context) {
    CompletableFuture<Catalogue> loading = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        loading.complete(load(context).warmUp().catalogue.join());
      } catch (RuntimeException | Error e) {
        loading.completeExceptionally(e);
      }
    }, "recoverylink-input-profiles");
    thread.setDaemon(true);
    thread.start();
    return new InputProfiles(loading);
  }

  /**
   * Waits until the profiles are loaded and prepared.
   *
   * @return this
   * @throws RuntimeException or Error, what loading them threw
   */
  public InputProfiles ready() {
    try {
      catalogue.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
    return this;
  }

  /**
   * Our package, and the UK Core definitions our profiles derive from and the part of base R4
   * they reach, as the build put them on the class path.
   */
  public static InputProfiles load(FhirContext context) {
    Texts texts = new Texts(context);
    List<MetadataResource> definitions = Definitions.onClassPath(context).stream()
        .map(definition -> (MetadataResource) texts.shared(definition)).toList();
    return new InputProfiles(CompletableFuture.completedFuture(
        new Catalogue(context, definitions)));
  }

  /**
   * Builds every definition's element tree and parses every invariant, so that a definition
   * we cannot read fails the start rather than a caller's input.
   *
   * @return this
   */
  public InputProfiles warmUp() {
    catalogue.join().prepare();
    return this;
  }

  /**
   * Checks {@code input} against {@code profile}, and against any other profile it declares
   * that we carry (ours, UK Core's). The input is read as parsed from what was sent: its
   * references to contained resources are the {@code "#id"} the invariants read, not objects
   * set in code.
   *
   * @throws InvalidFhirInputException listing every problem found, when any
   * @throws IllegalArgumentException when we do not carry {@code profile}
   */
  public void check(Resource input, String profile) {
    Catalogue known = catalogue.join();
    Set<FhirIssue> errors = new LinkedHashSet<>(InstanceCheck.check(known, input,
        known.tree(profile).orElseThrow(() -> new IllegalArgumentException(
            "no profile " + profile))));
    for (CanonicalType declared : input.getMeta().getProfile()) {
      String url = Definitions.unversioned(declared.getValue());
      if (!url.equals(profile)) {
        known.tree(url).ifPresent(tree -> errors.addAll(InstanceCheck.check(known, input, tree)));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidFhirInputException(List.copyOf(errors));
    }
  }
}
