package dev.kube4j.store.embedded;

import dev.kube4j.store.RangeResult;
import dev.kube4j.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Compares the durable write path and range reads of {@link RocksStore} and {@link MvStoreCandidate}.
 * Not a test (no {@code Test} suffix, so surefire skips it); run by hand from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl kube4j-store -am install -DskipTests
 * ./mvnw -q -pl kube4j-store test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * $JAVA_HOME/bin/java -Xmx512m --enable-native-access=ALL-UNNAMED \
 *     -cp kube4j-store/target/test-classes:kube4j-store/target/classes:$(cat kube4j-store/target/cp.txt) \
 *     dev.kube4j.store.embedded.StoreCandidatesBenchmark [ops=20000] [valueBytes=1024] [dir=new temp dir]
 * </pre>
 *
 * Every create is durable (fsync'd group) before it returns; latency is measured per create in
 * the calling thread.
 */
public final class StoreCandidatesBenchmark {

    private static final int[] THREADS = {1, 16, 64};
    private static final int RANGE_KEYS = 10_000;
    private static final int RANGE_RUNS = 20;

    private record Candidate(String name, Function<Path, Store> opener) {
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        Path root = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("store-bench");
        List<Candidate> candidates = List.of(
                new Candidate("rocksdb", RocksStore::open),
                new Candidate("mvstore", MvStoreCandidate::open));

        System.out.printf("ops=%d value=%dB cores=%d java=%s%n", ops, valueBytes,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.println("| store | writers | creates/s | p50 ms | p99 ms | max ms | disk MiB |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int threads : THREADS) {
            for (Candidate candidate : candidates) {
                Path dir = root.resolve(candidate.name() + "-writes-" + threads);
                writeRun(candidate, dir, threads, ops, valueBytes);
                delete(dir);
            }
        }
        System.out.println();
        System.out.println("| store | range of 10k keys (1 of 2 prefixes), median ms | first page (limit 500), median ms |");
        System.out.println("|---|---|---|");
        for (Candidate candidate : candidates) {
            Path dir = root.resolve(candidate.name() + "-range");
            rangeRun(candidate, dir, valueBytes);
            delete(dir);
        }
    }

    private static void writeRun(Candidate candidate, Path dir, int threads, int ops, int valueBytes)
            throws Exception {
        try (Store store = candidate.opener().apply(dir)) {
            byte[] value = value(valueBytes, 1);
            for (int i = 0; i < 200; i++) { // warm-up: JIT, files, caches
                store.create("/warmup/" + i, value);
            }
            long[] latencies = new long[ops];
            AtomicInteger next = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < ops) {
                        long t0 = System.nanoTime();
                        store.create("/registry/pods/default/pod-" + i, value);
                        latencies[i] = System.nanoTime() - t0;
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f | %.1f |%n",
                    candidate.name(), threads, ops / seconds,
                    latencies[ops / 2] / 1e6, latencies[(int) (ops * 0.99)] / 1e6, latencies[ops - 1] / 1e6,
                    size(dir) / 1048576.0);
        }
    }

    private static void rangeRun(Candidate candidate, Path dir, int valueBytes) throws Exception {
        try (Store store = candidate.opener().apply(dir)) {
            List<Thread> loaders = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < 32; t++) {
                loaders.add(Thread.ofPlatform().start(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < 2 * RANGE_KEYS) {
                        String kind = i % 2 == 0 ? "configmaps" : "secrets";
                        store.create("/registry/" + kind + "/ns-" + (i % 50) + "/obj-" + i, value(valueBytes, i));
                    }
                }));
            }
            for (Thread loader : loaders) {
                loader.join();
            }
            long[] full = new long[RANGE_RUNS];
            long[] page = new long[RANGE_RUNS];
            for (int run = -5; run < RANGE_RUNS; run++) {
                long t0 = System.nanoTime();
                RangeResult all = store.rangePrefix("/registry/configmaps/");
                long t1 = System.nanoTime();
                RangeResult first = store.range("/registry/configmaps/", Store.prefixEnd("/registry/configmaps/"), 0, 500);
                long t2 = System.nanoTime();
                if (all.kvs().size() != RANGE_KEYS || first.kvs().size() != 500 || !first.more()) {
                    throw new AssertionError("unexpected range result");
                }
                if (run >= 0) {
                    full[run] = t1 - t0;
                    page[run] = t2 - t1;
                }
            }
            Arrays.sort(full);
            Arrays.sort(page);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f |%n", candidate.name(),
                    full[RANGE_RUNS / 2] / 1e6, page[RANGE_RUNS / 2] / 1e6);
        }
    }

    /** JSON-ish, half repetitive and half random, like a Kubernetes object. */
    private static byte[] value(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(size);
        sb.append("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"uid\":\"");
        while (sb.length() < size / 2) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        sb.append("\"},\"spec\":{\"containers\":[");
        while (sb.length() < size - 2) {
            sb.append("{\"name\":\"c\"},");
        }
        sb.setLength(size - 2);
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
