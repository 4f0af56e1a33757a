/**
 * RecoveryLink core: the clinical rules, free of FHIR, HTTP and databases.
 *
 * <p>Start at {@link org.recoverylink.core.assessment.Assessor}.
 */
module org.recoverylink.core {
  requires org.slf4j;

  exports org.recoverylink.core.rules;
  exports org.recoverylink.core.screening;
  exports org.recoverylink.core.assessment;
  exports org.recoverylink.core.codelist;
  exports org.recoverylink.core.directory;
  exports org.recoverylink.core.routing;
  exports org.recoverylink.core.patient;
  exports org.recoverylink.core.pharmacy;
  exports org.recoverylink.core.pharmacy.ost;
  exports org.recoverylink.core.pharmacy.nsp;
  exports org.recoverylink.core.pharmacy.naloxone;
  exports org.recoverylink.core.pharmacy.depot;
  exports org.recoverylink.core.reporting;
  exports org.recoverylink.core.referral;
  // Shared with the adapter and the server, which read NHS identifiers, quote input and make
  // random ids the same way: on the module path they see only what is exported.
  exports org.recoverylink.core.nhs;
  exports org.recoverylink.core.text;
  exports org.recoverylink.core.id;
}
