package dev.kube4j.apiserver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics: requests by verb, resource and code with latency, store
 * latency by operation, and registered watchers, named after upstream's where one exists.
 */
public final class ApiMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Upstream's verb label: the HTTP verb, except LIST and WATCH for collections. */
    static String verbLabel(String verb) {
        return switch (verb) {
            case "create" -> "POST";
            case "update" -> "PUT";
            case "deletecollection", "delete" -> "DELETE";
            default -> verb.toUpperCase();
        };
    }

    /** Meters by their tag values: building a meter id per request showed up in profiles. */
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public void request(String verb, String group, String resource, String subresource, int code, long nanos) {
        String v = verbLabel(verb);
        String key = v + '|' + group + '|' + resource + '|' + subresource;
        counters.computeIfAbsent(key + '|' + code, k -> requestCounter(v, group, resource, subresource, code)).increment();
        timers.computeIfAbsent(key, k -> requestTimer(v, group, resource, subresource)).record(Duration.ofNanos(nanos));
    }

    private Counter requestCounter(String verb, String group, String resource, String subresource, int code) {
        return Counter.builder("apiserver_request_total")
                .description("Counter of apiserver requests broken out for each verb, group, resource and HTTP response code.")
                .tags("verb", verb, "group", group, "resource", resource, "subresource", subresource,
                        "code", Integer.toString(code))
                .register(registry);
    }

    private Timer requestTimer(String verb, String group, String resource, String subresource) {
        return Timer.builder("apiserver_request_duration")
                .description("Response latency distribution in seconds for each verb, group, resource and subresource.")
                .tags("verb", verb, "group", group, "resource", resource, "subresource", subresource)
                .publishPercentileHistogram(false)
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
    }

    public void storeOperation(String operation, long nanos) {
        timers.computeIfAbsent("store|" + operation, k -> storeTimer(operation)).record(Duration.ofNanos(nanos));
    }

    private Timer storeTimer(String operation) {
        return Timer.builder("kube4j_store_operation_duration")
                .description("Latency of storage operations by operation.")
                .tags("operation", operation)
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
                        Duration.ofMillis(100))
                .register(registry);
    }

    public void watchers(Supplier<Number> count) {
        Gauge.builder("apiserver_registered_watchers", count).description("Number of currently registered watchers.")
                .register(registry);
    }

    public void cachedObjects(Supplier<Number> count) {
        Gauge.builder("kube4j_watch_cache_objects", count).description("Objects held in the watch cache.")
                .register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
