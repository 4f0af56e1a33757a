/** Facts about the person: identifiers that must be right before anything is recorded. */
package org.recoverylink.core.patient;
