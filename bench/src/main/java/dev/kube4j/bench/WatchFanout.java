package dev.kube4j.bench;

import dev.kube4j.pki.KubeconfigTls;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N concurrent watches on one namespace; M objects are created; every watcher must see every
 * ADDED event. Lag = time the event was read minus time its create was sent.
 */
final class WatchFanout {

    record Result(long delivered, long expected, double p50, double p99) {
    }

    private static final Pattern NAME = Pattern.compile("\"name\":\"(ev-\\d+)\"");
    // The JDK client allows 100 concurrent streams per connection by default (jdk.httpclient.maxstreams).
    private static final int STREAMS_PER_CONNECTION = 50;

    private WatchFanout() {
    }

    static Result run(KubeconfigTls tls, String base, int watchers, int events) throws Exception {
        String ns = "bench-watch";
        HttpClient admin = ApiServerBenchmark.client(tls);
        ApiServerBenchmark.send(admin, "POST", base + "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        LatencyRecorder lag = new LatencyRecorder();
        AtomicLong delivered = new AtomicLong();
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < (watchers + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION; i++) {
            clients.add(ApiServerBenchmark.client(tls));
        }
        List<InputStream> streams = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < watchers; w++) {
                HttpClient c = clients.get(w / STREAMS_PER_CONNECTION);
                HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/" + ns
                        + "/configmaps?watch=true&timeoutSeconds=120")).build(), HttpResponse.BodyHandlers.ofInputStream());
                InputStream in = r.body();
                streams.add(in);
                readers.submit(() -> {
                    try (BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        int seen = 0;
                        while (seen < events && (line = br.readLine()) != null) {
                            Matcher m = NAME.matcher(line);
                            if (line.startsWith("{\"type\":\"ADDED\"") && m.find()) {
                                Long t = sentAt.get(m.group(1));
                                if (t != null) {
                                    lag.record(System.nanoTime() - t);
                                }
                                delivered.incrementAndGet();
                                seen++;
                            }
                        }
                    } catch (Exception e) {
                        // stream closed at the end
                    }
                    return null;
                });
            }
            for (int i = 0; i < events; i++) {
                String name = "ev-" + i;
                sentAt.put(name, System.nanoTime());
                ApiServerBenchmark.send(admin, "POST", base + "/api/v1/namespaces/" + ns + "/configmaps",
                        "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"k\":\"v\"}}");
                Thread.sleep(5);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (delivered.get() < (long) watchers * events && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (InputStream in : streams) {
                in.close();
            }
            readers.shutdownNow();
        }
        return new Result(delivered.get(), (long) watchers * events, lag.percentileMillis(50), lag.percentileMillis(99));
    }
}
