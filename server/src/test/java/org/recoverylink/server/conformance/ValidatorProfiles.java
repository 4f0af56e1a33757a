package org.recoverylink.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.fhir.conformance.UkCore;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;

/**
 * HAPI's profile validator over the definitions {@link ValidatorProfiles} reads, as the server ran
 * it before: the reference {@code ValidatorProfilesAgreementTest} holds {@link ValidatorProfiles}
 * against. Every error the validator finds, each at its element's FHIRPath.
 */
final class ValidatorProfiles {

  /** The validator's messages about how many of an element, or of a slice of it, there are. */
  private static final Pattern CARDINALITY =
      Pattern.compile("Validation_VAL_Profile_(Minimum|Maximum)(_SLICE(_EXT)?)?(_one|_other)?");
  /** An element's path, and the slice it names if any ("Parameters.parameter:date"). */
  private static final Pattern PATH =
      Pattern.compile("[A-Z][A-Za-z]*(?:\\.[a-z][A-Za-z\\[\\]]*)+(?::([A-Za-z0-9-]+))?");

  private final FhirValidator validator;

  private ValidatorProfiles(FhirValidator validator) {
    this.validator = validator;
  }

  /**
   * The validator over our package, the UK Core definitions our profiles derive from and the
   * part of base R4 they reach, as the build put them on the class path.
   */
  static ValidatorProfiles load(FhirContext context) {
    Texts texts = new Texts(context);
    // The package and the base subset in one support: the validator looks each up by URL.
    PrePopulatedValidationSupport base = new PrePopulatedValidationSupport(context);
    Definitions.onClassPath(context).forEach(definition -> base.addResource(
        texts.shared(definition)));
    PrePopulatedValidationSupport ukCore = new PrePopulatedValidationSupport(context);
    UkCore.definitions().forEach(definition -> ukCore.addResource(texts.shared(definition)));
    FhirInstanceValidator instance = new FhirInstanceValidator(new ValidationSupportChain(
        base,
        ukCore,
        new SnapshotGeneratingValidationSupport(context), // UK Core's come as differentials
        new InMemoryTerminologyServerValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context)));
    instance.setErrorForUnknownProfiles(false);
    return new ValidatorProfiles(context.newValidator().registerValidatorModule(instance));
  }

  /**
   * Checks {@code input} against {@code profile}.
   *
   * @throws InvalidFhirInputException listing every error the validator found, when any
   */
  void check(Resource input, String profile) {
    List<FhirIssue> errors = validator.validateWithResult(input,
        new ValidationOptions().addProfile(profile)).getMessages().stream()
        .filter(ValidatorProfiles::isError).map(ValidatorProfiles::issue).toList();
    if (!errors.isEmpty()) {
      throw new InvalidFhirInputException(errors);
    }
  }

  private static boolean isError(SingleValidationMessage message) {
    return message.getSeverity() == ResultSeverityEnum.ERROR
        || message.getSeverity() == ResultSeverityEnum.FATAL;
  }

  private static FhirIssue issue(SingleValidationMessage message) {
    String location = message.getLocationString() == null ? "" : message.getLocationString();
    // Something missing is "required", as the readers say it; anything else "invalid".
    IssueType type = message.getMessageId() != null
        && message.getMessageId().startsWith("Validation_VAL_Profile_Minimum")
        ? IssueType.REQUIRED : IssueType.INVALID;
    return FhirIssue.error(type, location.isEmpty() ? location : location + counted(message),
        message.getMessage());
  }

  /**
   * For a message about how many of an element, or of a slice, there are (the validator places
   * it on the parent), the step from the parent to it: ".status" for "MedicationDispense.status:
   * minimum required = 1 ...", ".identifier" for "Slice 'MedicationDispense.identifier:event'
   * ...", and for a parameter, as the operations' own readers name it, ".parameter.where(name =
   * 'date')"; otherwise nothing.
   */
  private static String counted(SingleValidationMessage message) {
    if (message.getMessageId() == null
        || !CARDINALITY.matcher(message.getMessageId()).matches()) {
      return "";
    }
    Matcher path = PATH.matcher(message.getMessage());
    if (!path.find()) {
      return "";
    }
    String slice = path.group(1);
    String element = slice == null ? path.group()
        : path.group().substring(0, path.group().length() - slice.length() - 1);
    return slice != null && element.equals("Parameters.parameter")
        ? ".parameter.where(name = '" + slice + "')"
        : "." + element.substring(element.lastIndexOf('.') + 1).replace("[x]", "");
  }
}
