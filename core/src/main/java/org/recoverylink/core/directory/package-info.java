/**
 * The service directory: who provides which treatment and recovery services, for whom
 * (eligibility) and where (coverage over a geography of districts and quadrants). Pure data,
 * built with {@link org.recoverylink.core.directory.Directory#builder}; the Essex treatment system
 * is {@link org.recoverylink.core.directory.EssexDirectory}.
 */
package org.recoverylink.core.directory;
