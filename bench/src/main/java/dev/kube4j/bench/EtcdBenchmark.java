package dev.kube4j.bench;

import dev.kube4j.bench.ApiServerBenchmark.PodPhases;
import dev.kube4j.bench.ApiServerBenchmark.Result;
import dev.kube4j.pki.KubeconfigTls;
import dev.kube4j.store.etcd.EtcdOptions;
import dev.kube4j.store.etcd.EtcdStore;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.DeleteOption;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The embedded store against etcd, in one run: starts a real etcd, runs the API benchmark's pod
 * create/get/list workload against {@code kube4j server} on that etcd, measures raw etcd puts with
 * jetcd of the same size (the ceiling for any API server on it) and the server's own store call
 * ({@link EtcdStore#create}) alone, then the same workload on the embedded store, and prints all
 * with their ratios. Every loop is bounded; all traffic goes to 127.0.0.1; etcd is stopped
 * through its process handle.
 *
 * <p>Usage: {@code bench/run etcd [--creates N] [--warmup N]}
 */
public final class EtcdBenchmark {

    public static void main(String[] args) throws Exception {
        int creates = ApiServerBenchmark.intArg(args, "--creates", 6000);
        int warmup = ApiServerBenchmark.intArg(args, "--warmup", 6000);
        Path dir = Files.createTempDirectory("kube4j-bench-etcd");
        System.out.printf("kube4j embedded store vs etcd (%d cores, Java %s, etcd %s)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), EtcdServer.BINARY);
        try (EtcdServer etcd = EtcdServer.start(Files.createDirectories(dir.resolve("etcd")))) {
            System.out.printf("etcd started (pid %d) at %s%n", etcd.pid(), etcd.clientUrl());
            List<PodPhases> onEtcd = kube4j(dir.resolve("on-etcd"), creates, warmup, "etcd     ",
                    "--datastore-endpoint", etcd.clientUrl().toString());
            int podBytes = storedPodBytes(etcd);
            List<Result> raw = rawPuts(etcd, creates, podBytes);
            List<Result> storeCreates = storeCreates(etcd, creates, podBytes);
            List<PodPhases> embedded = kube4j(dir.resolve("embedded"), creates, warmup, "embedded ");
            summary(raw, storeCreates, embedded, onEtcd);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Puts with jetcd of values as large as a pod kube4j stored, one client object and 1/16/64
     * callers waiting for their put each, as the API server's writers do. The keys are deleted and
     * compacted away afterwards.
     */
    private static List<Result> rawPuts(EtcdServer etcd, int creates, int podBytes) throws Exception {
        List<Result> out = new ArrayList<>();
        try (Client client = Client.builder().endpoints(etcd.clientUrl()).build()) {
            KV kv = client.getKVClient();
            ByteSequence value = ByteSequence.from(new byte[podBytes]);
            ApiServerBenchmark.run(4, 200, i -> put(kv, "/bench-raw/warmup/" + i, value)); // JIT and connection
            for (int clients : ApiServerBenchmark.CLIENTS) {
                int n = ApiServerBenchmark.podsFor(clients, creates);
                Result r = ApiServerBenchmark.run(clients, n, i -> put(kv, "/bench-raw/" + clients + "/" + i, value));
                System.out.printf("raw etcd clients=%-3d put    %s (%d-byte values, as a stored pod)%n", clients, r, podBytes);
                out.add(r);
            }
            deleteAndCompact(kv, "/bench-raw/");
        }
        return out;
    }

    /** Size of a pod as kube4j stored it (defaults and system metadata added), from the run on etcd. */
    private static int storedPodBytes(EtcdServer etcd) throws Exception {
        try (Client client = Client.builder().endpoints(etcd.clientUrl()).build()) {
            return client.getKVClient().get(bytes("/registry/pods/bench-1/pod-0")).get(30, TimeUnit.SECONDS)
                    .getKvs().getFirst().getValue().size();
        }
    }

    /**
     * The API server's own store call for a create, without the API around it: {@link EtcdStore#create}
     * (a create-if-absent transaction, through the adapter's deadline and future handling).
     */
    private static List<Result> storeCreates(EtcdServer etcd, int creates, int podBytes) throws Exception {
        List<Result> out = new ArrayList<>();
        byte[] value = new byte[podBytes];
        try (EtcdStore store = EtcdStore.connect(EtcdOptions.parse(etcd.clientUrl().toString()))) {
            ApiServerBenchmark.run(4, 200, i -> create(store, "/bench-store/warmup/" + i, value));
            for (int clients : ApiServerBenchmark.CLIENTS) {
                int n = ApiServerBenchmark.podsFor(clients, creates);
                Result r = ApiServerBenchmark.run(clients, n, i -> create(store, "/bench-store/" + clients + "/" + i, value));
                System.out.printf("EtcdStore clients=%-3d create %s (txn create-if-absent)%n", clients, r);
                out.add(r);
            }
        }
        try (Client client = Client.builder().endpoints(etcd.clientUrl()).build()) {
            deleteAndCompact(client.getKVClient(), "/bench-store/");
        }
        return out;
    }

    private static int create(EtcdStore store, String key, byte[] value) {
        store.create(key, value);
        return 200;
    }

    /** Leaves etcd as the benchmark found it for the next phase: the keys deleted, their history compacted. */
    private static void deleteAndCompact(KV kv, String prefix) throws Exception {
        long rev = kv.delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build()).get(60, TimeUnit.SECONDS)
                .getHeader().getRevision();
        kv.compact(rev).get(60, TimeUnit.SECONDS);
    }

    private static int put(KV kv, String key, ByteSequence value) throws Exception {
        kv.put(bytes(key), value).get(30, TimeUnit.SECONDS);
        return 200;
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /**
     * {@code kube4j server} in a child JVM, as users start it, then the API benchmark's unmeasured
     * warm-up (so the JIT compiler is done) and the pod workload against it.
     */
    private static List<PodPhases> kube4j(Path data, int creates, int warmup, String label, String... serverArgs)
            throws Exception {
        int port = ApiServerBenchmark.freePort();
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(ApiServerBenchmark.API_SERVER_ONLY),
                java.util.Arrays.stream(serverArgs)).toArray(String[]::new);
        Process server = ApiServerBenchmark.startServer(data, port, args);
        try {
            KubeconfigTls tls = ApiServerBenchmark.waitReady(data, server, port);
            HttpClient http = ApiServerBenchmark.client(tls);
            ApiServerBenchmark.warmUp(http, tls.server(), warmup);
            return ApiServerBenchmark.podWorkload(http, tls.server(), creates, label);
        } finally {
            ApiServerBenchmark.stop(server);
            Files.deleteIfExists(data.resolveSibling(data.getFileName() + ".log"));
        }
    }

    private static void summary(List<Result> raw, List<Result> storeCreates, List<PodPhases> embedded,
                                List<PodPhases> onEtcd) {
        System.out.println();
        System.out.println("throughput (ops/s)             clients=1  clients=16  clients=64");
        row("raw etcd put", raw, Result::perSecond);
        row("EtcdStore.create (txn)", storeCreates, Result::perSecond);
        row("kube4j on etcd: create", phase(onEtcd, PodPhases::create), Result::perSecond);
        row("kube4j embedded: create", phase(embedded, PodPhases::create), Result::perSecond);
        row("kube4j on etcd: get", phase(onEtcd, PodPhases::get), Result::perSecond);
        row("kube4j embedded: get", phase(embedded, PodPhases::get), Result::perSecond);
        row("kube4j on etcd: list", phase(onEtcd, PodPhases::list), Result::perSecond);
        row("kube4j embedded: list", phase(embedded, PodPhases::list), Result::perSecond);
        System.out.println("ratios");
        ratio("on-etcd create / raw etcd put", phase(onEtcd, PodPhases::create), raw);
        ratio("on-etcd create / EtcdStore", phase(onEtcd, PodPhases::create), storeCreates);
        ratio("embedded / on-etcd: create", phase(embedded, PodPhases::create), phase(onEtcd, PodPhases::create));
        ratio("embedded / on-etcd: get", phase(embedded, PodPhases::get), phase(onEtcd, PodPhases::get));
        ratio("embedded / on-etcd: list", phase(embedded, PodPhases::list), phase(onEtcd, PodPhases::list));
        System.out.println("create p50 / p99 latency (ms)");
        row("raw etcd put p50", raw, Result::p50);
        row("EtcdStore.create p50", storeCreates, Result::p50);
        row("kube4j on etcd: create p50", phase(onEtcd, PodPhases::create), Result::p50);
        row("kube4j embedded: create p50", phase(embedded, PodPhases::create), Result::p50);
        row("raw etcd put p99", raw, Result::p99);
        row("EtcdStore.create p99", storeCreates, Result::p99);
        row("kube4j on etcd: create p99", phase(onEtcd, PodPhases::create), Result::p99);
        row("kube4j embedded: create p99", phase(embedded, PodPhases::create), Result::p99);
    }

    private static List<Result> phase(List<PodPhases> phases, java.util.function.Function<PodPhases, Result> which) {
        return phases.stream().map(which).toList();
    }

    private static void row(String name, List<Result> results, ToDoubleFunction<Result> value) {
        StringBuilder line = new StringBuilder(String.format("  %-29s", name));
        results.forEach(r -> line.append(String.format("%10.1f  ", value.applyAsDouble(r))));
        System.out.println(line);
    }

    private static void ratio(String name, List<Result> top, List<Result> bottom) {
        StringBuilder line = new StringBuilder(String.format("  %-29s", name));
        for (int i = 0; i < top.size(); i++) {
            line.append(String.format("%10.2f  ", top.get(i).perSecond() / bottom.get(i).perSecond()));
        }
        System.out.println(line);
    }
}
