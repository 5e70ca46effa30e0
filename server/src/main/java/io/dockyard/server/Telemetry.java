package io.dockyard.server;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.Http;
import io.dockyard.protocol.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Dockyard's own telemetry: Prometheus metrics at {@code GET /metrics} (API requests by service,
 * operation and status with their latencies; agents connected; loops and their failures; the store's
 * change feed; anything else the server registers), and — when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is
 * set — an OpenTelemetry span per API request exported over OTLP (the SDK configured from the standard
 * {@code OTEL_*} variables; http/protobuf unless {@code OTEL_EXPORTER_OTLP_PROTOCOL} says otherwise).
 */
final class Telemetry implements RequestObserver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Telemetry.class);
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("rpc.service"), METHOD = AttributeKey.stringKey("rpc.method"),
            SYSTEM = AttributeKey.stringKey("rpc.system");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final OpenTelemetrySdk otel;
    private final Tracer tracer;

    Telemetry(Map<String, String> env) {
        if (env.get("OTEL_EXPORTER_OTLP_ENDPOINT") != null && !env.get("OTEL_EXPORTER_OTLP_ENDPOINT").isBlank()) {
            Map<String, String> defaults = Map.of("otel.service.name", "dockyard", "otel.exporter.otlp.protocol", "http/protobuf",
                    "otel.metrics.exporter", "none", "otel.logs.exporter", "none");
            otel = AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> defaults).disableShutdownHook().build().getOpenTelemetrySdk();
            tracer = otel.getTracer("io.dockyard", Version.VERSION);
            log.info("OpenTelemetry traces exported to {}", env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        } else {
            otel = null;
            tracer = null;
        }
    }

    @Override
    public void observed(String service, String operation, int status, Instant started, long nanos) {
        String key = service + '|' + operation + '|' + status;
        counters.computeIfAbsent(key, k -> Counter.builder("dockyard.api.requests").description("AWS API requests answered")
                .tag("service", service).tag("operation", operation).tag("status", Integer.toString(status)).register(registry)).increment();
        timers.computeIfAbsent(service + '|' + operation, k -> Timer.builder("dockyard.api.request.duration").description("AWS API request latency")
                .tag("service", service).tag("operation", operation).publishPercentileHistogram().register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        if (tracer != null) {
            long start = started.getEpochSecond() * 1_000_000_000L + started.getNano();
            var span = tracer.spanBuilder(service + "/" + operation).setSpanKind(SpanKind.SERVER).setStartTimestamp(start, TimeUnit.NANOSECONDS)
                    .setAttribute(SYSTEM, "aws-api").setAttribute(SERVICE, service).setAttribute(METHOD, operation).setAttribute(STATUS, (long) status)
                    .startSpan();
            if (status >= 500) span.setStatus(StatusCode.ERROR);
            span.end(start + nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Gauges over the state: agents connected, container instances, the loops and their failures, the change feed's head. */
    void watch(Store store, Supervisor supervisor) {
        Gauge.builder("dockyard.agents.connected", store, s -> s.list(Kinds.CONTAINER_INSTANCE, ContainerInstance::agentConnected).size())
                .description("container instances whose agent is connected").register(registry);
        Gauge.builder("dockyard.store.changes", store, s -> s.changes().head()).description("the store's change feed position").register(registry);
        Gauge.builder("dockyard.loops.degraded", supervisor, s -> s.degraded().size()).description("supervised loops failing").register(registry);
        Gauge.builder("dockyard.loops.failures", supervisor, s -> s.states().stream().mapToInt(Supervisor.LoopState::failures).sum())
                .description("failures of the supervised loops since start").register(registry);
    }

    /** Registers a gauge of the server's own (registry, load balancer…). */
    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value, v -> v.get().doubleValue()).description(description).register(registry);
    }

    /** {@code GET /metrics} in the Prometheus text format. */
    Handler handler() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Http.send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape().getBytes(StandardCharsets.UTF_8));
                return true;
            }
        };
    }

    @Override
    public void close() {
        if (otel != null) otel.shutdown().join(5, TimeUnit.SECONDS);
    }
}
