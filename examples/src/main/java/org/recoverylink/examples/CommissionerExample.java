package org.recoverylink.examples;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.YearMonth;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.recoverylink.core.nhs.England;

/**
 * A commissioner pulling last month's identification and brief advice (IBA) report: the
 * MeasureReport through HAPI's generic client, printed as a short table, and the same report as
 * CSV for a spreadsheet. Counts from 1 to 4 come back suppressed and are printed as such.
 *
 * <p>Start the server, get a commissioner token
 * ({@code java -jar server/target/recoverylink-server.jar token --role commissioner --org
 * essex-cc}), then: {@code mvn -B -q -pl examples -am -DskipTests package exec:java
 * -Dexec.mainClass=org.recoverylink.examples.CommissionerExample
 * -Dexec.args="http://127.0.0.1:8080/fhir $TOKEN iba-last-month.csv"}.
 */
public final class CommissionerExample {

  private static final String MASKED = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

  private CommissionerExample() {
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: CommissionerExample FHIR_BASE TOKEN CSV_FILE");
      System.exit(2);
    }
    YearMonth lastMonth = YearMonth.now(England.ZONE).minusMonths(1);
    run(args[0], args[1], lastMonth, Path.of(args[2]), System.out);
  }

  static void run(String base, String token, YearMonth month, Path csv, PrintStream out)
      throws IOException, InterruptedException {
    IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient(base);
    client.registerInterceptor(new BearerTokenAuthInterceptor(token));
    Parameters period = new Parameters();
    period.addParameter("periodStart", new DateType(month.atDay(1).toString()));
    period.addParameter("periodEnd", new DateType(month.atEndOfMonth().toString()));
    MeasureReport report;
    try {
      report = client.operation().onInstance("Measure/iba-activity")
          .named("$evaluate-measure").withParameters(period).useHttpGet()
          .returnResourceType(MeasureReport.class).execute();
    } catch (BaseServerResponseException e) { // e.g. 403: the token is not a commissioner's
      out.println("refused: HTTP " + e.getStatusCode() + " " + e.getMessage());
      return;
    }
    out.println("== IBA activity, " + month + " (" + report.getMeasure() + ") ==");
    for (MeasureReport.MeasureReportGroupComponent group : report.getGroup()) {
      out.println(group.getCode().getCodingFirstRep().getDisplay() + ": "
          + shown(group.getPopulationFirstRep().getCountElement()));
      for (MeasureReport.MeasureReportGroupStratifierComponent stratifier
          : group.getStratifier()) {
        for (MeasureReport.StratifierGroupComponent stratum : stratifier.getStratum()) {
          IntegerType count = stratum.getPopulationFirstRep().getCountElement();
          if (count.getValue() == null || count.getValue() > 0) { // zeros left out of print
            out.println("  " + stratum.getValue().getCodingFirstRep().getDisplay() + ": "
                + shown(count));
          }
        }
      }
    }

    // The same report for a spreadsheet: ask for CSV and save it.
    HttpResponse<Path> saved = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(base + "/Measure/iba-activity/$evaluate-measure?periodStart="
                + month.atDay(1) + "&periodEnd=" + month.atEndOfMonth()))
        .header("Authorization", "Bearer " + token).header("Accept", "text/csv").GET().build(),
        HttpResponse.BodyHandlers.ofFile(csv));
    out.println("CSV (HTTP " + saved.statusCode() + ") saved to " + saved.body());
  }

  /** A count, or that it was suppressed: 1 to 4 people could be singled out. */
  private static String shown(IntegerType count) {
    return count.getValue() != null ? count.getValue().toString()
        : count.hasExtension(MASKED) ? "suppressed (1-4)" : "not given";
  }
}
