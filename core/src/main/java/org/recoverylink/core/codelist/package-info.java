/**
 * Code lists: which diagnosis codes in a person's record (SNOMED CT in GP records, ICD-10 in
 * hospital letters) mean which known condition. Lists are configuration a deployment can
 * replace; the shipped ones say where they came from and which release they are.
 */
package org.recoverylink.core.codelist;
