/** Identifiers made here: random UUIDs for what the software creates. */
package org.recoverylink.core.id;
