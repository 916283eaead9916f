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
 * With {@code --via backlog} the scheduler runs as its own process ({@code kube4j scheduler}
 * beside {@code kube4j server --disable-scheduler}, as kube-scheduler beside kube-apiserver); it is
 * stopped after the warm-up, the measured pods are all created while no scheduler runs, and a new
 * scheduler process then drains that backlog: upstream scheduler_perf's measure (pods pending,
 * scheduler started, pods bound per second), with the hollow kubelets still starting every pod.
 * With {@code --scheduler warm} the warm-up's scheduler process is kept instead, paused (SIGSTOP)
 * while the backlog is created and continued (SIGCONT) to drain it: the rate of a scheduler that
 * has run for a while (its JIT compilation done), as scheduler_perf's is after its initial pods.
 *
 * <p>Usage: {@code bench/run scheduler [--nodes 100,1000] [--pods N] [--clients N] [--warmup N]
 * [--via pods|deployments|gated|backlog] [--scheduler fresh|warm] [--replicas N] [--latency-pods N] [--latency-qps Q]}
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
        if (!java.util.Set.of("pods", "deployments", "gated", "backlog").contains(via)) {
            throw new IllegalArgumentException("--via: pods, deployments, gated or backlog, not " + via);
        }
        boolean viaDeployments = via.equals("deployments");
        boolean gated = via.equals("gated");
        boolean backlog = via.equals("backlog");
        int replicas = ApiServerBenchmark.intArg(args, "--replicas", 100);
        String scheduler = ApiServerBenchmark.stringArg(args, "--scheduler", "fresh");
        if (!java.util.Set.of("fresh", "warm").contains(scheduler)) {
            throw new IllegalArgumentException("--scheduler: fresh or warm, not " + scheduler);
        }
        int latencyPods = ApiServerBenchmark.intArg(args, "--latency-pods", 500);
        int latencyQps = ApiServerBenchmark.intArg(args, "--latency-qps", 5);
        System.out.printf("kube4j scheduler benchmark (%d cores, Java %s): %d pods per run, %s, %d creating clients%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), pods,
                viaDeployments ? "through Deployments of " + replicas + " replicas"
                        : gated ? "created behind a scheduling gate, then released"
                        : backlog ? "created while no scheduler runs, then drained by a " + scheduler + " scheduler process"
                        : "created directly", clients);
        for (int nodes : nodeCounts) {
            if (backlog) {
                runBacklog(nodes, pods, clients, warmup, latencyPods, latencyQps, scheduler.equals("warm"));
            } else {
                runOnce(nodes, pods, clients, warmup, viaDeployments ? replicas : 0, gated, latencyPods, latencyQps);
            }
        }
    }

    /** {@code kube4j server --node hollow:N} with every node Ready and a "warmup" namespace; closing stops it. */
    private record Cluster(Path dir, Process server, KubeconfigTls tls, HttpClient http, String base) implements AutoCloseable {

        static Cluster start(int nodes, String... serverArgs) throws Exception {
            Path dir = Files.createTempDirectory("kube4j-sched-bench");
            int port = ApiServerBenchmark.freePort();
            long t0 = System.nanoTime();
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--node", "hollow:" + nodes));
            args.addAll(java.util.List.of(serverArgs));
            Process server = ApiServerBenchmark.startServer(dir, port, args.toArray(String[]::new));
            try {
                KubeconfigTls tls = ApiServerBenchmark.waitReady(dir, server, port);
                HttpClient http = ApiServerBenchmark.client(tls);
                awaitReadyNodes(http, tls.server(), nodes, Duration.ofMinutes(10));
                System.out.printf("nodes=%-5d %d hollow nodes Ready %.1f s after start%n", nodes, nodes, (System.nanoTime() - t0) / 1e9);
                ApiServerBenchmark.send(http, "POST", tls.server() + "/api/v1/namespaces", "{\"metadata\":{\"name\":\"warmup\"}}");
                return new Cluster(dir, server, tls, http, tls.server());
            } catch (Exception | Error e) {
                new Cluster(dir, server, null, null, null).close();
                throw e;
            }
        }

        /** Heap, GC time and CPU (by GC and JIT threads) of a process: the server's, or another one's. */
        static void printFigures(int nodes, String what, long pid) {
            String cpu = HeapProbe.cpuByThreads(pid); // before the probe's own full GC
            System.out.printf("nodes=%-5d %s: %s; %s; %s%n", nodes, what, HeapProbe.usedAfterGc(pid), HeapProbe.gcTime(pid), cpu);
        }

        @Override
        public void close() throws Exception {
            ApiServerBenchmark.stop(server);
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {@code replicas} 0: pods created directly; otherwise through Deployments of that many replicas. */
    static void runOnce(int nodes, int pods, int clients, int warmup, int replicas, boolean gated, int latencyPods, int latencyQps)
            throws Exception {
        try (Cluster c = Cluster.start(nodes)) {
            round(c.tls(), c.http(), c.base(), "warmup", nodes, warmup, clients, replicas, gated, true);
            round(c.tls(), c.http(), c.base(), "default", nodes, pods, clients, replicas, gated, false);
            if (latencyPods > 0) {
                latencyRound(c.tls(), c.http(), c.base(), nodes, latencyPods, latencyQps);
            }
            Cluster.printFigures(nodes, "server", c.server().pid());
        }
    }

    /**
     * {@code --via backlog}: the server without its scheduler; a scheduler process for the warm-up,
     * stopped; the measured pods created with none running; then a fresh scheduler process drains
     * them (its start-up — JVM, informer sync of every pod — counted in the drain time, and shown).
     * With {@code warm} the warm-up's process is paused instead of stopped, and continued to drain.
     */
    static void runBacklog(int nodes, int pods, int clients, int warmup, int latencyPods, int latencyQps, boolean warm)
            throws Exception {
        try (Cluster c = Cluster.start(nodes, "--disable-scheduler")) {
            KubeconfigTls tls = c.tls();
            HttpClient http = c.http();
            String base = c.base();
            Process scheduler = startScheduler(c.dir(), "warmup");
            boolean paused = false;
            try {
                round(tls, http, base, "warmup", nodes, warmup, clients, 0, false, true);
                if (warm) {
                    signal(scheduler, "STOP");
                    paused = true;
                } else {
                    ApiServerBenchmark.stop(scheduler);
                    scheduler = null;
                }

                Map<String, Long> seen = new ConcurrentHashMap<>();
                PodWatch watch = PodWatch.open(tls, base, "default", seen);
                AtomicInteger errors = new AtomicInteger();
                long start = System.nanoTime();
                inParallel(clients, pods, i -> ApiServerBenchmark.send(http, "POST", base + "/api/v1/namespaces/default/pods",
                        POD.formatted("p-" + i)), errors);
                awaitCount(seen, pods - errors.get(), Duration.ofMinutes(5));
                System.out.printf("nodes=%-5d measured: created %d pods with no scheduler running in %.1f s (%d errors); bound: %d%n",
                        nodes, pods, (System.nanoTime() - start) / 1e9, errors.get(), watch.bound().size());

                start = System.nanoTime();
                if (warm) {
                    signal(scheduler, "CONT");
                    paused = false;
                } else {
                    scheduler = startScheduler(c.dir(), "measured");
                }
                drain(c, nodes, pods - errors.get(), watch, start, warm, scheduler, latencyPods, latencyQps);
            } finally {
                if (paused) {
                    signal(scheduler, "CONT"); // a stopped process would not see the termination signal
                }
                if (scheduler != null) {
                    ApiServerBenchmark.stop(scheduler);
                }
            }
        }
    }

    /** Waits for the backlog to be bound and Running, and prints the rates, the timeline and the processes' figures. */
    private static void drain(Cluster c, int nodes, int expected, PodWatch watch, long start, boolean warm, Process scheduler,
                              int latencyPods, int latencyQps) throws Exception {
        awaitProgress(watch.bound(), expected);
        Map<String, Long> bound = watch.bound();
        long first = bound.values().stream().mapToLong(Long::longValue).min().orElse(start);
        long last = bound.values().stream().mapToLong(Long::longValue).max().orElse(start);
        Map<String, Long> started = new ConcurrentHashMap<>();
        bound.keySet().forEach(name -> started.put(name, first));
        LatencyRecorder waited = latencies(started, bound);
        System.out.printf("nodes=%-5d measured: scheduler process %s, first pod bound after %.1f s (%s);"
                        + " bound %d in %.1f s more -> %.0f pods/s scheduled (%.0f pods/s counting the start-up)%n",
                nodes, warm ? "continued" : "started", (first - start) / 1e9,
                warm ? "its watches catching up" : "JVM start, informer sync",
                bound.size(), (last - first) / 1e9, bound.size() / ((last - first) / 1e9),
                bound.size() / ((last - start) / 1e9));
        System.out.printf("nodes=%-5d measured: %s%n", nodes, timeline(bound.values(), first));
        awaitProgress(watch.running(), expected);
        long runningAll = watch.running().values().stream().mapToLong(Long::longValue).max().orElse(start);
        System.out.printf("nodes=%-5d measured: first bound->bound p50 %.0f ms p99 %.0f ms; Running %d, the last %.1f s after the first bound%n",
                nodes, waited.percentileMillis(50), waited.percentileMillis(99), watch.running().size(), (runningAll - first) / 1e9);
        watch.close();
        if (latencyPods > 0) {
            latencyRound(c.tls(), c.http(), c.base(), nodes, latencyPods, latencyQps);
        }
        Cluster.printFigures(nodes, "scheduler process", scheduler.pid());
        Cluster.printFigures(nodes, "server", c.server().pid());
    }

    /** Pods bound in each 5 s from the first, and the rate over the second half of them. */
    static String timeline(java.util.Collection<Long> boundAt, long first) {
        long[] times = boundAt.stream().mapToLong(Long::longValue).sorted().toArray();
        if (times.length < 2) {
            return "too few pods for a timeline";
        }
        StringBuilder out = new StringBuilder("bound per 5 s:");
        int bucket = 0;
        int count = 0;
        for (long t : times) {
            while (t - first >= (bucket + 1) * 5_000_000_000L) {
                out.append(' ').append(count);
                bucket++;
                count = 0;
            }
            count++;
        }
        out.append(' ').append(count);
        long mid = times[times.length / 2];
        long last = times[times.length - 1];
        return out.append(String.format("; the second half at %.0f pods/s",
                (times.length - times.length / 2) / Math.max((last - mid) / 1e9, 1e-3))).toString();
    }

    /** Sends a signal to a process this benchmark started (by its PID): STOP pauses it, CONT resumes it. */
    private static void signal(Process process, String signal) throws java.io.IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
        }
    }

    /** {@code kube4j scheduler} against the benchmark's server, without leader election (one runs at a time). */
    private static Process startScheduler(Path dir, String phase) throws java.io.IOException {
        return ApiServerBenchmark.startKube4j(dir.resolveSibling(dir.getFileName() + "-scheduler-" + phase + ".log"),
                java.util.List.of("scheduler", "--kubeconfig", dir.resolve("kubeconfig").toString(), "--leader-elect=false"));
    }

    /** Waits until {@code map} holds {@code count} entries, or 2 minutes pass without one more, or 90 in all. */
    private static void awaitProgress(Map<String, Long> map, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(90);
        int lastCount = -1;
        long lastProgress = System.nanoTime();
        while (map.size() < count && System.nanoTime() < deadline && System.nanoTime() - lastProgress < TimeUnit.MINUTES.toNanos(2)) {
            if (map.size() != lastCount) {
                lastCount = map.size();
                lastProgress = System.nanoTime();
            }
            Thread.sleep(100);
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
        awaitProgress(running, replicas > 0 ? pods - errors.get() * replicas : pods - errors.get());
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
