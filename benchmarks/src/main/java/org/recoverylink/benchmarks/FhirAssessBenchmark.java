package org.recoverylink.benchmarks;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.examples.FhirAssessExample;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.io.ResourceParser;

/**
 * The whole in-process {@code $assess} path for one 10-item AUDIT response, JSON in to encoded
 * result Bundle out (as the server does it: HAPI parses, {@link JsonEncoder} writes), against
 * HAPI alone: parsing that same response and encoding that same Bundle with HAPI's encoder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class FhirAssessBenchmark {

  private static final Instant AT = Instant.parse("2026-11-22T10:15:30Z");

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final ResourceParser parser = new ResourceParser(fhir);
  private final FhirAssessor assessor = new FhirAssessor(Assessor.standard());
  private String json;
  private Bundle result;

  @Setup
  public void setUp() {
    json = FhirAssessExample.bundledResponse();
    result = ResultBundle.of(assess(parser.parse(json, QuestionnaireResponse.class)), AT);
  }

  /** RecoveryLink: parse, read and match the items, assess, write the Bundle, encode it. */
  @Benchmark
  public byte[] assessJsonToEncodedBundle() {
    QuestionnaireResponse response = parser.parse(json, QuestionnaireResponse.class);
    Bundle bundle = ResultBundle.of(assess(response), AT);
    return JsonEncoder.encode(bundle);
  }

  /** HAPI alone: parse the same response, encode the same (prepared) Bundle. */
  @Benchmark
  public void hapiParseAndEncodeOnly(Blackhole sink) {
    sink.consume(fhir.newJsonParser().parseResource(QuestionnaireResponse.class, json));
    sink.consume(fhir.newJsonParser().encodeResourceToString(result));
  }

  private FhirAssessor.Result assess(QuestionnaireResponse response) {
    return assessor.assess(Map.of("QuestionnaireResponse", response), List.of(), Set.of());
  }
}
