/**
 * The pharmacy's use cases at the counter: shared-care OST (registering a prescription, the
 * check before a dose, recording what happened, the prescriber's review) and the harm-reduction
 * records (needle and syringe programme visits, take-home naloxone), each deciding by the rules
 * and settings it is given and stamping by the clock it is given.
 */
package org.recoverylink.server.pharmacy;
