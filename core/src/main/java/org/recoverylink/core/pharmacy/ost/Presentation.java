package org.recoverylink.core.pharmacy.ost;

/**
 * What the pharmacist sees when the patient presents for a dose.
 *
 * @param intoxicated the patient appears intoxicated (alcohol or drugs): no dose is given, as it
 *                    could cause an overdose, and the prescriber and keyworker are told
 */
public record Presentation(boolean intoxicated) {

  /** Nothing of concern. */
  public static final Presentation USUAL = new Presentation(false);
  public static final Presentation INTOXICATED = new Presentation(true);
}
