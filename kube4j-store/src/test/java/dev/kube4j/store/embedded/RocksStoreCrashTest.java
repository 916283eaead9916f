package dev.kube4j.store.embedded;

import dev.kube4j.store.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 in the middle of a stream of writes loses no acknowledged write, and revisions continue
 * after the highest acknowledged one. Runs two kill/reopen rounds on the same directory.
 */
class RocksStoreCrashTest {

    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path tmp;

    /** What the child acknowledged before it died. */
    private record Acks(long readyRevision, Map<String, String> created, Map<String, Long> counters,
                        long maxRevision) {
    }

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        Path dir = tmp.resolve("store");
        long previousMax = 0;
        for (int round = 1; round <= 2; round++) {
            Acks acks = runAndKill(dir, "r" + round);
            assertThat(acks.created()).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL / 2);
            assertThat(acks.readyRevision()).isGreaterThanOrEqualTo(previousMax);

            try (RocksStore store = RocksStore.open(dir)) {
                acks.created().forEach((key, value) -> {
                    KeyValue kv = store.get(key).orElse(null);
                    assertThat(kv).as("acknowledged key %s", key).isNotNull();
                    assertThat(new String(kv.value(), StandardCharsets.UTF_8)).isEqualTo(value);
                });
                acks.counters().forEach((key, value) -> assertThat(
                        Long.parseLong(new String(store.get(key).orElseThrow().value(), StandardCharsets.UTF_8)))
                        .as("counter %s", key).isGreaterThanOrEqualTo(value));
                assertThat(store.currentRevision()).isGreaterThanOrEqualTo(acks.maxRevision());
                // The event log agrees with the recovered revision.
                assertThat(store.history().read(store.currentRevision(), store.currentRevision(), 1)).hasSize(1);
                long next = store.create("/after-crash-" + round, new byte[] {1}).modRevision();
                assertThat(next).isEqualTo(store.currentRevision()).isGreaterThan(acks.maxRevision());
                previousMax = next;
            }
        }
    }

    private Acks runAndKill(Path dir, String round) throws IOException, InterruptedException {
        Path stderr = tmp.resolve("child-" + round + ".err");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), dir.toString(), round)
                .redirectError(stderr.toFile());
        Process child = builder.start();
        try {
            long ready = -1;
            long maxRevision = 0;
            Map<String, String> created = new HashMap<>();
            Map<String, Long> counters = new HashMap<>();
            List<String> seen = new ArrayList<>();
            int acks = 0;
            boolean killed = false;
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                // Reads to EOF: lines written before the kill were acknowledged too.
                while ((line = lines.readLine()) != null) {
                    if (!line.endsWith(" END")) {
                        continue; // torn by the kill
                    }
                    String[] f = line.split(" ");
                    switch (f[0]) {
                        case "READY" -> ready = Long.parseLong(f[1]);
                        case "ACK" -> {
                            created.put(f[1], f[3]);
                            maxRevision = Math.max(maxRevision, Long.parseLong(f[2]));
                            acks++;
                        }
                        case "SET" -> {
                            counters.merge(f[1], Long.parseLong(f[3]), Math::max);
                            maxRevision = Math.max(maxRevision, Long.parseLong(f[2]));
                            acks++;
                        }
                        default -> seen.add(line);
                    }
                    if (!killed && acks >= ACKS_BEFORE_KILL) {
                        // SIGKILL while the writers are mid-stream. Through the ProcessHandle because
                        // Process.destroyForcibly() also closes our end of stdout, losing acked lines.
                        child.toHandle().destroyForcibly();
                        killed = true;
                    }
                }
            }
            child.waitFor();
            assertThat(killed).as("child died early, stderr: %s, other output: %s",
                    Files.readString(stderr), seen).isTrue();
            assertThat(ready).isGreaterThanOrEqualTo(0);
            return new Acks(ready, created, counters, maxRevision);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }
}
