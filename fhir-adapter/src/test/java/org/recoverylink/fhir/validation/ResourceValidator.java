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
import org.recoverylink.fhir.conformance.UkCore;

/**
 * HAPI's instance validator against base R4, the UK Core definitions our profiles derive from,
 * and RecoveryLink's conformance resources (profiles, extensions, code systems, value sets); a
 * {@code meta.profile} it does not know is an error. Expensive to create (it loads the R4
 * definitions; the first validation takes seconds), cheap to reuse, thread-safe: create one
 * per process and share it.
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
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain(context, ours));
    instanceValidator.setErrorForUnknownProfiles(true);
    this.validator = context.newValidator().registerValidatorModule(instanceValidator);
  }

  /**
   * The validation support a validator of our resources needs: base R4, HAPI's in-memory
   * terminology (it checks the codes of the code systems it holds - FHIR's, ours, the copied
   * UK Core ones - and fails none for coming from one it lacks, such as SNOMED CT, which needs
   * a terminology server), snapshot generation, the UK Core definitions our profiles derive
   * from ({@link UkCore}) and {@code ours} (our definitions, e.g. as a FHIR package). The
   * server's run-time validation needs the same chain.
   */
  public static ValidationSupportChain chain(FhirContext context, IValidationSupport ours) {
    return new ValidationSupportChain(
        new DefaultProfileValidationSupport(context),
        new InMemoryTerminologyServerValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context),
        new SnapshotGeneratingValidationSupport(context),
        ukCore(context),
        ours);
  }

  /** The UK Core definitions, for a validation support chain. */
  public static PrePopulatedValidationSupport ukCore(FhirContext context) {
    PrePopulatedValidationSupport ukCore = new PrePopulatedValidationSupport(context);
    UkCore.definitions().forEach(ukCore::addResource);
    return ukCore;
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
