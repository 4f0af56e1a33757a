/**
 * Facts of the NHS in England that every module shares, defined once: how an organisation is
 * identified (its ODS code) and the civil time its dates are kept in.
 */
package org.recoverylink.core.nhs;
