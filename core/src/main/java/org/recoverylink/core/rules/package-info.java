/**
 * The vocabulary every clinical result uses to explain itself: which rule set (and version)
 * produced it, which rule fired, and on which inputs. Also the configurable part of the rules:
 * thresholds, with the published values as defaults.
 */
package org.recoverylink.core.rules;
