package dev.kube4j.bench;

import dev.kube4j.pki.KubeconfigTls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API server benchmark: cold start, idle heap, and create/get/list/watch throughput and latency
 * with 1, 16 and 64 concurrent clients, against {@code kube4j server} in a child JVM (so the
 * client's own work is not counted in the server's heap). Every loop is bounded in count and time;
 * all traffic goes to 127.0.0.1.
 *
 * <p>Usage: {@code bench/run api [--creates N] [--watchers N] [--warmup N] [--rates R1,R2,…]}
 */
public final class ApiServerBenchmark {

    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"bench","shard":"%d"}},
             "spec":{"containers":[{"name":"app","image":"registry.local/bench:1.0","ports":[{"containerPort":8080}],
             "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}""";

    /**
     * The API server and its store alone: the scheduler would try (and fail, with no nodes) to place
     * every benchmark pod, writing an event and a status per pod, and the controllers would cache
     * them all — that is the control plane's cost, measured by {@code bench/run scheduler}.
     */
    static final String[] API_SERVER_ONLY = {"--disable-scheduler", "--disable-controllers"};

    public static void main(String[] args) throws Exception {
        int creates = intArg(args, "--creates", 6000);
        int watchers = intArg(args, "--watchers", 1000);
        int warmup = intArg(args, "--warmup", 6000);
        int[] rates = java.util.Arrays.stream(stringArg(args, "--rates", "1000,2000,3000").split(","))
                .filter(r -> !r.isBlank()).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory("kube4j-bench");
        int port = freePort();
        System.out.printf("kube4j API server benchmark (%d cores, Java %s)%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        long t0 = System.nanoTime();
        Process first = startServer(dir, port, API_SERVER_ONLY);
        waitReady(dir, first, port);
        System.out.printf("first start, new data dir (CA and keys generated) -> ready: %.0f ms%n",
                (System.nanoTime() - t0) / 1e6);
        stop(first);
        Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".log"));
        t0 = System.nanoTime();
        Process server = startServer(dir, port, API_SERVER_ONLY);
        try {
            KubeconfigTls tls = waitReady(dir, server, port);
            double coldStartMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("cold start, existing data dir (process start -> ready): %.0f ms%n", coldStartMs);
            System.out.printf("idle heap after GC: %s%n", HeapProbe.usedAfterGc(server.pid()));

            HttpClient http = client(tls);
            String base = tls.server();
            warmUp(http, base, warmup);
            podWorkload(http, base, creates, "");
            for (int rate : rates) {
                String ns = "bench-rate-" + rate;
                createNamespace(http, base, ns);
                FixedRateLoad.Result r = FixedRateLoad.run(rate, 5, 512, i -> send(http, "POST",
                        base + "/api/v1/namespaces/" + ns + "/pods", POD.formatted("pod-" + i, i % 10)));
                System.out.printf("fixed rate  create %s%n", r);
            }
            WatchFanout.Result w = WatchFanout.run(tls, base, watchers, 200);
            System.out.printf("watch fan-out: %d watchers x %d events: delivered %d/%d, lag p50 %.1f ms p99 %.1f ms%n",
                    watchers, 200, w.delivered(), w.expected(), w.p50(), w.p99());
            System.out.printf("heap after load, after GC: %s%n", HeapProbe.usedAfterGc(server.pid()));
        } finally {
            stop(server);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Runs the measured mix once, unmeasured, so both JVMs have compiled the hot paths: without it,
     * the JIT compiler takes more than half of the two cores during the first phases and the
     * figures measure compilation rather than the server.
     */
    static void warmUp(HttpClient http, String base, int ops) throws Exception {
        if (ops <= 0) {
            return;
        }
        long t0 = System.nanoTime();
        String ns = "bench-warmup";
        createNamespace(http, base, ns);
        for (int clients : new int[]{16, 64}) {
            String prefix = "c" + clients + "-";
            run(clients, ops / 2, i -> send(http, "POST", base + "/api/v1/namespaces/" + ns + "/pods",
                    POD.formatted(prefix + i, i % 10)));
            run(clients, ops / 2, i -> send(http, "GET", base + "/api/v1/namespaces/" + ns + "/pods/" + prefix
                    + ThreadLocalRandom.current().nextInt(ops / 2), null));
            run(clients, Math.max(10, ops / 100), i -> send(http, "GET", base + "/api/v1/namespaces/" + ns + "/pods?limit=500", null));
        }
        System.out.printf("warm-up: %d creates, %d gets, lists (not measured): %.1f s%n", ops, ops,
                (System.nanoTime() - t0) / 1e9);
    }

    /** One concurrency level's results of {@link #podWorkload}. */
    record PodPhases(int clients, int pods, Result create, Result get, Result list) {
    }

    static final int[] CLIENTS = {1, 16, 64};

    /**
     * Pod create, get and list (pages of 500) with 1, 16 and 64 concurrent clients, each level in its own
     * namespace; prints every phase, each line starting with {@code label}.
     */
    static List<PodPhases> podWorkload(HttpClient http, String base, int creates, String label) throws Exception {
        List<PodPhases> out = new ArrayList<>();
        for (int clients : CLIENTS) {
            String ns = "bench-" + clients;
            createNamespace(http, base, ns);
            int n = podsFor(clients, creates);
            Result create = run(clients, n, i -> send(http, "POST", base + "/api/v1/namespaces/" + ns + "/pods",
                    POD.formatted("pod-" + i, i % 10)));
            Result get = run(clients, n, i -> send(http, "GET", base + "/api/v1/namespaces/" + ns + "/pods/pod-"
                    + ThreadLocalRandom.current().nextInt(n), null));
            Result list = run(clients, Math.max(20, n / 50), i -> send(http, "GET",
                    base + "/api/v1/namespaces/" + ns + "/pods?limit=500", null));
            System.out.printf("%sclients=%-3d create %s%n", label, clients, create);
            System.out.printf("%sclients=%-3d get    %s%n", label, clients, get);
            System.out.printf("%sclients=%-3d list   %s (pages of 500 of %d pods)%n", label, clients, list, n);
            out.add(new PodPhases(clients, n, create, get, list));
        }
        return out;
    }

    /** Fewer operations for one client, whose run is the slowest. */
    static int podsFor(int clients, int creates) {
        return clients == 1 ? Math.min(creates / 3, 1500) : creates;
    }

    /**
     * A namespace for pods, with its {@code default} ServiceAccount: the ServiceAccount controller
     * creates it in a full cluster, and the ServiceAccount admission refuses pods until it exists.
     */
    static void createNamespace(HttpClient http, String base, String ns) throws IOException, InterruptedException {
        send(http, "POST", base + "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");
        send(http, "POST", base + "/api/v1/namespaces/" + ns + "/serviceaccounts", "{\"metadata\":{\"name\":\"default\"}}");
    }

    static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Throughput and latency of one phase. */
    record Result(int ops, int errors, double seconds, double p50, double p99) {
        double perSecond() {
            return ops / seconds;
        }

        @Override
        public String toString() {
            return String.format("%7.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  (%d ops, %d errors)",
                    perSecond(), p50, p99, ops, errors);
        }
    }

    interface Op {
        int call(int i) throws Exception;
    }

    static Result run(int clients, int ops, Op op) throws InterruptedException {
        LatencyRecorder lat = new LatencyRecorder();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    try {
                        int i;
                        while ((i = next.getAndIncrement()) < ops && System.nanoTime() < deadline) {
                            long t = System.nanoTime();
                            try {
                                int code = op.call(i);
                                if (code >= 300) {
                                    errors.incrementAndGet();
                                }
                            } catch (Exception e) {
                                errors.incrementAndGet();
                            }
                            lat.record(System.nanoTime() - t);
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new Result(lat.count(), errors.get(), secs, lat.percentileMillis(50), lat.percentileMillis(99));
    }

    static HttpClient client(KubeconfigTls tls) {
        return HttpClient.newBuilder().sslContext(tls.sslContext()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static int send(HttpClient http, String method, String url, String body) throws IOException, InterruptedException {
        return send(http, method, url, body, "application/json");
    }

    static int send(HttpClient http, String method, String url, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode();
    }

    /**
     * Starts the server as users do, through the {@code ./kube4j} launcher (same JVM flags,
     * class-data sharing); falls back to this JVM's classpath when run outside the repository.
     */
    static Process startServer(Path dir, int port, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("server", "--data-dir", dir.toString(), "--port", Integer.toString(port)));
        args.addAll(List.of(extraArgs));
        return startKube4j(dir.resolveSibling(dir.getFileName() + ".log"), args);
    }

    /** {@code kube4j <args>} through the launcher (or this JVM's classpath), output to {@code log}. */
    static Process startKube4j(Path log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        Path launcher = Path.of("kube4j").toAbsolutePath();
        if (Files.isExecutable(launcher)) {
            cmd.add(launcher.toString());
        } else {
            cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                    "-XX:+UseCompactObjectHeaders", "-XX:-G1UseAdaptiveIHOP", "-XX:InitiatingHeapOccupancyPercent=70",
                    "-cp", System.getProperty("java.class.path"), "dev.kube4j.cli.Main"));
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KUBE4J_SKIP_DEPS", "1");
        return pb.start();
    }

    /**
     * Waits for the server's "ready" line (so the time measured is the server's, not this JVM's
     * first TLS handshake), then checks /readyz answers ok.
     */
    static KubeconfigTls waitReady(Path dir, Process server, int port) throws Exception {
        Path log = dir.resolveSibling(dir.getFileName() + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server exited with " + server.exitValue());
            }
            if (Files.exists(log) && Files.readString(log).contains("kube4j is ready")) {
                KubeconfigTls tls = KubeconfigTls.load(dir.resolve("kubeconfig"));
                HttpResponse<String> r = client(tls).send(HttpRequest.newBuilder(URI.create(tls.server() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().equals("ok")) {
                    throw new IllegalStateException("/readyz answered " + r.statusCode() + " " + r.body());
                }
                return tls;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("server not ready in 60 s");
    }

    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }

    static int intArg(String[] args, String name, int dflt) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(dflt)));
    }
}
