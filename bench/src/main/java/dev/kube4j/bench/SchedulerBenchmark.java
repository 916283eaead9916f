package dev.kube4j.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.pki.KubeconfigTls;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control plane at scale: {@code kube4j server --node hollow:N}, then pods created as fast as
 * a pool of clients can — directly, or through Deployments ({@code --via deployments}: the
 * Deployment and ReplicaSet controllers create the pods) — each followed through a watch from
 * create to bound (scheduler) to Running (hollow kubelet). Prints scheduling throughput,
 * create→bound and create→Running latency (p50/p99), and the server's heap and GC time. Then, as
 * upstream's density test, "latency pods" created at a low fixed rate in the filled cluster give
 * the pod startup latency that the SLO speaks of.
 * Through Deployments a pod's "create" is the moment the watch first sees it (its controller made it).
 * With {@code --via gated} every pod is created behind a scheduling gate first and the clock starts
 * when its gate is lifted: the scheduler then works through a backlog, without the creates
 * sharing the two cores, which is the closest to its own throughput a whole cluster can show.
 *
 * <p>Usage: {@code bench/run scheduler [--nodes 100,1000] [--pods N] [--clients N] [--warmup N]
 * [--via pods|deployments|gated] [--replicas N] [--latency-pods N] [--latency-qps Q]}
 */
public final class SchedulerBenchmark {

    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"bench"}},
             "spec":{"containers":[{"name":"c","image":"nginx:1.23","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}""";
    private static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
             "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%1$s"}},
              "template":{"metadata":{"labels":{"app":"%1$s"}},
               "spec":{"containers":[{"name":"c","image":"nginx:1.23","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}""";
    private static final String GATED_POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"bench"}},
             "spec":{"schedulingGates":[{"name":"bench.kube4j.dev/hold"}],
              "containers":[{"name":"c","image":"nginx:1.23","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchedulerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] nodeCounts = Arrays.stream(ApiServerBenchmark.stringArg(args, "--nodes", "100,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int pods = ApiServerBenchmark.intArg(args, "--pods", 5000);
        int clients = ApiServerBenchmark.intArg(args, "--clients", 32);
        int warmup = ApiServerBenchmark.intArg(args, "--warmup", 2000);
        String via = ApiServerBenchmark.stringArg(args, "--via", "pods");
        if (!java.util.Set.of("pods", "deployments", "gated").contains(via)) {
            throw new IllegalArgumentException("--via: pods, deployments or gated, not " + via);
        }
        boolean viaDeployments = via.equals("deployments");
        boolean gated = via.equals("gated");
        int replicas = ApiServerBenchmark.intArg(args, "--replicas", 100);
        int latencyPods = ApiServerBenchmark.intArg(args, "--latency-pods", 500);
        int latencyQps = ApiServerBenchmark.intArg(args, "--latency-qps", 5);
        System.out.printf("kube4j scheduler benchmark (%d cores, Java %s): %d pods per run, %s, %d creating clients%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), pods,
                viaDeployments ? "through Deployments of " + replicas + " replicas"
                        : gated ? "created behind a scheduling gate, then released" : "created directly", clients);
        for (int nodes : nodeCounts) {
            runOnce(nodes, pods, clients, warmup, viaDeployments ? replicas : 0, gated, latencyPods, latencyQps);
        }
    }

    /** {@code replicas} 0: pods created directly; otherwise through Deployments of that many replicas. */
    static void runOnce(int nodes, int pods, int clients, int warmup, int replicas, boolean gated, int latencyPods, int latencyQps)
            throws Exception {
        Path dir = Files.createTempDirectory("kube4j-sched-bench");
        int port = ApiServerBenchmark.freePort();
        long t0 = System.nanoTime();
        Process server = ApiServerBenchmark.startServer(dir, port, "--node", "hollow:" + nodes);
        try {
            KubeconfigTls tls = ApiServerBenchmark.waitReady(dir, server, port);
            HttpClient http = ApiServerBenchmark.client(tls);
            String base = tls.server();
            awaitReadyNodes(http, base, nodes, Duration.ofMinutes(10));
            System.out.printf("nodes=%-5d %d hollow nodes Ready %.1f s after start%n", nodes, nodes, (System.nanoTime() - t0) / 1e9);

            ApiServerBenchmark.send(http, "POST", base + "/api/v1/namespaces", "{\"metadata\":{\"name\":\"warmup\"}}");
            round(tls, http, base, "warmup", nodes, warmup, clients, replicas, gated, true);
            round(tls, http, base, "default", nodes, pods, clients, replicas, gated, false);
            if (latencyPods > 0) {
                latencyRound(tls, http, base, nodes, latencyPods, latencyQps);
            }
            String cpu = HeapProbe.cpuByThreads(server.pid()); // before the probe's own full GC
            System.out.printf("nodes=%-5d server: %s; %s; %s%n", nodes, HeapProbe.usedAfterGc(server.pid()), HeapProbe.gcTime(server.pid()), cpu);
        } finally {
            ApiServerBenchmark.stop(server);
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Creates {@code pods} pods in {@code ns} (directly, through Deployments, or held by a
     * scheduling gate and then released) and follows each to bound and Running.
     */
    private static void round(KubeconfigTls tls, HttpClient http, String base, String ns, int nodes, int pods, int clients,
                              int replicas, boolean gated, boolean warmup) throws Exception {
        String label = warmup ? "warm-up (not the result):" : "measured:";
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        // Through Deployments a pod "is created" when first seen; a gated pod when its gate is lifted.
        PodWatch watch = PodWatch.open(tls, base, ns, replicas > 0 ? sent : seen);
        Map<String, Long> bound = watch.bound();
        Map<String, Long> running = watch.running();

        AtomicInteger errors = new AtomicInteger();
        LatencyRecorder creates = new LatencyRecorder();
        long start = System.nanoTime();
        int objects = replicas > 0 ? (pods + replicas - 1) / replicas : pods;
        inParallel(clients, objects, i -> {
            if (replicas > 0) {
                return timed(creates, () -> ApiServerBenchmark.send(http, "POST", base + "/apis/apps/v1/namespaces/" + ns + "/deployments",
                        DEPLOYMENT.formatted("d-" + i, Math.min(replicas, pods - i * replicas))));
            }
            if (!gated) {
                sent.put("p-" + i, System.nanoTime());
            }
            return timed(creates, () -> ApiServerBenchmark.send(http, "POST", base + "/api/v1/namespaces/" + ns + "/pods",
                    (gated ? GATED_POD : POD).formatted("p-" + i)));
        }, errors);
        long created = System.nanoTime();
        if (gated) {
            // All pods wait behind their gate; then the gates are lifted as fast as the clients can,
            // and the scheduler drains them as they come (upstream's scheduler_perf creates its
            // measured pods while the scheduler runs, the same way).
            awaitCount(seen, pods - errors.get(), Duration.ofMinutes(5));
            System.out.printf("nodes=%-5d %s created %d gated pods in %.1f s (%.0f/s, %d errors), none bound: %d%n",
                    nodes, label, pods, (created - start) / 1e9, pods / ((created - start) / 1e9), errors.get(), bound.size());
            start = System.nanoTime();
            inParallel(clients, pods, i -> {
                sent.put("p-" + i, System.nanoTime());
                return ApiServerBenchmark.send(http, "PATCH", base + "/api/v1/namespaces/" + ns + "/pods/p-" + i,
                        "[{\"op\":\"remove\",\"path\":\"/spec/schedulingGates\"}]", "application/json-patch+json");
            }, errors);
            created = System.nanoTime();
            System.out.printf("nodes=%-5d %s lifted the gates of %d pods in %.1f s (%.0f/s); bound by then: %d%n",
                    nodes, label, pods, (created - start) / 1e9, pods / ((created - start) / 1e9), bound.size());
        }
        // Wait while pods keep reaching Running: give up after 2 minutes without progress, or 90 in all.
        long deadline = start + TimeUnit.MINUTES.toNanos(90);
        int expected = replicas > 0 ? pods - errors.get() * replicas : pods - errors.get();
        int lastCount = -1;
        long lastProgress = System.nanoTime();
        while (running.size() < expected && System.nanoTime() < deadline
                && System.nanoTime() - lastProgress < TimeUnit.MINUTES.toNanos(2)) {
            if (running.size() != lastCount) {
                lastCount = running.size();
                lastProgress = System.nanoTime();
            }
            Thread.sleep(200);
        }
        long end = System.nanoTime();
        watch.close();

        long lastBound = bound.values().stream().mapToLong(Long::longValue).max().orElse(end);
        LatencyRecorder toBound = latencies(sent, bound);
        LatencyRecorder toRunning = latencies(sent, running);
        // Through Deployments: the pods the controllers made (as seen), by when the last appeared.
        String what = replicas > 0 ? "(by Deployments) " : "";
        int made = replicas > 0 ? sent.size() : pods;
        long madeAll = replicas > 0 ? sent.values().stream().mapToLong(Long::longValue).max().orElse(created) : created;
        System.out.printf("nodes=%-5d %s created %s%d pods in %.1f s (%.0f/s, %d errors); bound %d in %.1f s -> %.0f pods/s scheduled;"
                        + " Running %d after %.1f s%n",
                nodes, label, what, made, (madeAll - start) / 1e9, made / ((madeAll - start) / 1e9), errors.get(),
                bound.size(), (lastBound - start) / 1e9, bound.size() / ((lastBound - start) / 1e9),
                running.size(), (end - start) / 1e9);
        System.out.printf("nodes=%-5d %s create->bound p50 %.0f ms p99 %.0f ms; create->Running p50 %.0f ms p99 %.0f ms%n",
                nodes, label, toBound.percentileMillis(50), toBound.percentileMillis(99),
                toRunning.percentileMillis(50), toRunning.percentileMillis(99));
        System.out.printf("nodes=%-5d %s create requests (mutating API calls) p50 %.0f ms p99 %.0f ms max %.0f ms%n",
                nodes, label, creates.percentileMillis(50), creates.percentileMillis(99), creates.percentileMillis(100));
    }

    private interface Request {
        int send(int i) throws Exception;
    }

    private interface Call {
        int call() throws Exception;
    }

    private static int timed(LatencyRecorder r, Call c) throws Exception {
        long t0 = System.nanoTime();
        int status = c.call();
        r.record(System.nanoTime() - t0);
        return status;
    }

    /** Sends requests 0..count-1 from {@code clients} concurrent clients; a status of 300 or more counts as an error. */
    private static void inParallel(int clients, int count, Request request, AtomicInteger errors) {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        try {
                            if (request.send(i) >= 300) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
    }

    private static void awaitCount(Map<String, Long> map, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (map.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * Upstream's density test measures pod startup latency (the SLO: p99 under 5 s) not on the
     * saturation pods, whose latency only says how long the queue was, but on "latency pods"
     * created afterwards, one by one at a low rate (5/s), in the cluster the saturation pods filled.
     */
    private static void latencyRound(KubeconfigTls tls, HttpClient http, String base, int nodes, int pods, int qps)
            throws Exception {
        String ns = "latency";
        ApiServerBenchmark.send(http, "POST", base + "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");
        Map<String, Long> sent = new ConcurrentHashMap<>();
        PodWatch watch = PodWatch.open(tls, base, ns, null);
        Map<String, Long> bound = watch.bound();
        Map<String, Long> running = watch.running();
        int seconds = Math.max(1, pods / qps);
        FixedRateLoad.Result creates = FixedRateLoad.run(qps, seconds, 64, i -> {
            sent.put("l-" + i, System.nanoTime());
            return ApiServerBenchmark.send(http, "POST", base + "/api/v1/namespaces/" + ns + "/pods", POD.formatted("l-" + i));
        });
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (running.size() < sent.size() - creates.errors() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        watch.close();
        LatencyRecorder toBound = latencies(sent, bound);
        LatencyRecorder toRunning = latencies(sent, running);
        System.out.printf("nodes=%-5d latency pods (%d at %d/s, after the measured round): Running %d; create->bound p50 %.0f ms p99 %.0f ms;"
                        + " create->Running p50 %.0f ms p99 %.0f ms; create requests p99 %.0f ms%n",
                nodes, creates.ops(), qps, running.size(), toBound.percentileMillis(50), toBound.percentileMillis(99),
                toRunning.percentileMillis(50), toRunning.percentileMillis(99), creates.p99());
        printSlowest(nodes, sent, bound, running, 5);
    }

    /**
     * The slowest pods by create→Running, with the wall-clock time of their create, so that a
     * tail can be matched against the server's log (GC pauses, leader elections, resyncs).
     */
    private static void printSlowest(int nodes, Map<String, Long> sent, Map<String, Long> bound, Map<String, Long> running, int n) {
        long wallMinusNano = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
        sent.entrySet().stream().filter(e -> running.containsKey(e.getKey()))
                .sorted(Comparator.comparingLong((Map.Entry<String, Long> e) -> running.get(e.getKey()) - e.getValue()).reversed())
                .limit(n)
                .forEach(e -> System.out.printf("nodes=%-5d   slow: %s created %s, bound after %d ms, Running after %d ms%n", nodes,
                        e.getKey(), java.time.Instant.ofEpochMilli(wallMinusNano + e.getValue() / 1_000_000),
                        (bound.getOrDefault(e.getKey(), e.getValue()) - e.getValue()) / 1_000_000,
                        (running.get(e.getKey()) - e.getValue()) / 1_000_000));
    }

    /** A watch of the pods in a namespace, noting when each is first seen, bound and Running. */
    private record PodWatch(HttpResponse<InputStream> stream, Thread reader, Map<String, Long> bound,
                            Map<String, Long> running) implements AutoCloseable {

        static PodWatch open(KubeconfigTls tls, String base, String ns, Map<String, Long> added) throws Exception {
            HttpResponse<InputStream> stream = ApiServerBenchmark.client(tls).send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/namespaces/" + ns + "/pods?watch=true&timeoutSeconds=1800")).build(), HttpResponse.BodyHandlers.ofInputStream());
            Map<String, Long> bound = new ConcurrentHashMap<>();
            Map<String, Long> running = new ConcurrentHashMap<>();
            Thread reader = Thread.ofVirtual().start(() -> follow(stream.body(), added, bound, running));
            return new PodWatch(stream, reader, bound, running);
        }

        @Override
        public void close() throws java.io.IOException {
            reader.interrupt();
            stream.body().close();
        }
    }

    private static LatencyRecorder latencies(Map<String, Long> from, Map<String, Long> to) {
        LatencyRecorder r = new LatencyRecorder();
        to.forEach((name, t) -> {
            Long s = from.get(name);
            if (s != null) {
                r.record(t - s);
            }
        });
        return r;
    }

    /**
     * Reads watch events: the first event with a node name marks "bound", the first with phase
     * Running "running"; {@code added}, when given, gets the time each pod is first seen.
     */
    private static void follow(InputStream in, Map<String, Long> added, Map<String, Long> bound, Map<String, Long> running) {
        try (BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = br.readLine()) != null) {
                long now = System.nanoTime();
                String[] fields = podFields(line);
                String name = fields[0];
                if (name == null) {
                    continue;
                }
                if (added != null) {
                    added.putIfAbsent(name, now);
                }
                if (fields[1] != null && !fields[1].isEmpty()) {
                    bound.putIfAbsent(name, now);
                }
                if ("Running".equals(fields[2])) {
                    running.putIfAbsent(name, now);
                }
            }
        } catch (Exception e) {
            // stream closed at the end of the run
        }
    }

    private static final String[] WANTED = {"object.metadata.name", "object.spec.nodeName", "object.status.phase"};

    /**
     * A watch event's pod name, node name and phase, read with Jackson's streaming parser (no tree:
     * this client shares the two cores with the server it measures).
     */
    static String[] podFields(String event) throws java.io.IOException {
        String[] out = new String[WANTED.length];
        java.util.ArrayDeque<String> names = new java.util.ArrayDeque<>(); // object names below the root
        try (JsonParser p = JSON.getFactory().createParser(event)) {
            String field = null;
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_ARRAY -> p.skipChildren(); // nothing wanted inside arrays
                    case START_OBJECT -> {
                        if (depth++ > 0) {
                            names.addLast(field);
                            if (depth > 3) { // nothing wanted below object.x.y
                                p.skipChildren();
                                names.removeLast();
                                depth--;
                            }
                        }
                    }
                    case END_OBJECT -> {
                        if (--depth > 0) {
                            names.removeLast();
                        }
                    }
                    case VALUE_STRING -> {
                        String at = String.join(".", names) + "." + field;
                        for (int i = 0; i < WANTED.length; i++) {
                            if (WANTED[i].equals(at)) {
                                out[i] = p.getText();
                            }
                        }
                    }
                    default -> { }
                }
            }
        }
        return out;
    }

    private static void awaitReadyNodes(HttpClient http, String base, int nodes, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern ready = Pattern.compile("\"type\":\"Ready\",\"status\":\"True\"|\"status\":\"True\",[^}]*\"type\":\"Ready\"");
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/nodes")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = ready.matcher(r.body());
            int n = 0;
            while (m.find()) {
                n++;
            }
            if (n >= nodes) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("not all " + nodes + " nodes became Ready");
    }
}
