package org.recoverylink.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.recoverylink.fhir.conformance.Conformance;

/**
 * HAPI's instance validator against base R4 plus RecoveryLink's conformance resources (profiles,
 * extensions, code systems, value sets); a {@code meta.profile} it does not know is an error. Expensive to create
 * (it loads the R4 definitions; the first validation takes seconds), cheap to reuse, thread-safe:
 * create one per process and share it.
 */
public final class ResourceValidator {

  private final FhirValidator validator;
  private final List<CodeSystem> codeSystems;

  /** A validator that knows the library's conformance resources. */
  public ResourceValidator(FhirContext context) {
    this(context, List.of());
  }

  /** A validator that knows the library's conformance resources and {@code more}. */
  public ResourceValidator(FhirContext context, List<? extends MetadataResource> more) {
    this(context, prePopulated(context, more));
  }

  /**
   * A validator that knows the conformance resources {@code ours} supplies (e.g. a FHIR package
   * loaded by HAPI's {@code NpmPackageValidationSupport}).
   */
  public ResourceValidator(FhirContext context, IValidationSupport ours) {
    List<IBaseResource> known = ours.fetchAllConformanceResources();
    this.codeSystems = known == null ? List.of() : known.stream()
        .filter(CodeSystem.class::isInstance).map(CodeSystem.class::cast).toList();
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(context),
        new InMemoryTerminologyServerValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context),
        new SnapshotGeneratingValidationSupport(context),
        ours);
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
    instanceValidator.setErrorForUnknownProfiles(true);
    this.validator = context.newValidator().registerValidatorModule(instanceValidator);
  }

  private static IValidationSupport prePopulated(FhirContext context,
      List<? extends MetadataResource> more) {
    PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(context);
    Conformance.all().forEach(ours::addResource);
    more.forEach(ours::addResource);
    return ours;
  }

  /**
   * Validates each of our CodeSystems once, so the R4 definitions and snapshots are loaded
   * before the first real request rather than during it.
   *
   * @return this validator
   */
  public ResourceValidator warmUp() {
    codeSystems.forEach(this::validate);
    return this;
  }

  /** Validates a resource; the result holds every message. */
  public ValidationResult validate(IBaseResource resource) {
    return validator.validateWithResult(resource);
  }

  /** The error and fatal messages only, each as "location: message". */
  public List<String> errors(IBaseResource resource) {
    return validate(resource).getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR
            || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(ResourceValidator::describe).toList();
  }

  private static String describe(SingleValidationMessage message) {
    return message.getLocationString() + ": " + message.getMessage();
  }
}
