/**
 * Depot (long-acting injectable) buprenorphine: the plan, the injections given, and on any day
 * whether the next injection is not yet due, due or overdue
 * ({@link org.recoverylink.core.pharmacy.depot.DepotRules#status}). The dosing window is
 * configuration ({@link org.recoverylink.core.pharmacy.depot.DepotSettings}), as its published
 * values are unverified (clinical reference 7.1).
 */
package org.recoverylink.core.pharmacy.depot;
