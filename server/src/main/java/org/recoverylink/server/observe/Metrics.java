package org.recoverylink.server.observe;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.recoverylink.server.store.Screenings;

/**
 * The server's meters, written in Prometheus's text format for {@code GET /metrics}: requests
 * (by the http package), deliveries by outcome (by the dispatcher), the outbox's depth and oldest
 * due age, the connection pool, and the JVM. A registry per server, not Micrometer's global one:
 * several servers in one JVM (the tests) each count their own.
 */
public final class Metrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public Metrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Where meters are registered. */
  public MeterRegistry registry() {
    return registry;
  }

  /** For the connection pool, which takes it only before it starts. */
  public MetricsTrackerFactory pool() {
    return new MicrometerMetricsTrackerFactory(registry);
  }

  /**
   * The outbox's gauges, read from readiness's last check (once a second) rather than by a
   * query per scrape; absent (NaN) while the database does not answer.
   */
  public void outbox(Readiness readiness) {
    Gauge.builder("recoverylink.outbox.depth", readiness,
            r -> r.outbox().map(s -> (double) s.depth()).orElse(Double.NaN))
        .description("Deliveries not yet settled: due now or waiting for a retry")
        .register(registry);
    Gauge.builder("recoverylink.outbox.oldest.due.age", readiness,
            r -> r.oldestDueAge().map(age -> age.toMillis() / 1000.0).orElse(Double.NaN))
        .description("How long the delivery due longest has waited to be sent")
        .baseUnit("seconds").register(registry);
  }

  /** Screening counts held to be written behind their answers ({@link Screenings}). */
  public void screenings(Screenings screenings) {
    Gauge.builder("recoverylink.screenings.waiting", screenings, Screenings::held)
        .description("Screenings counted for the reports, not yet written to the database")
        .register(registry);
  }

  /** Every meter, in the Prometheus text exposition format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
