package dev.kube4j.store.embedded;

import dev.kube4j.store.KeyValue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link RocksStoreCrashTest}: opens the store and writes until it is killed,
 * printing a line per acknowledged (durable) write:
 * <pre>
 * READY &lt;currentRevision at open&gt;
 * ACK &lt;key&gt; &lt;revision&gt; &lt;value&gt;       a create
 * SET &lt;key&gt; &lt;revision&gt; &lt;counter&gt;     an update of the writer's counter key
 * </pre>
 * Several writer threads so that acknowledged writes come from real group commits.
 */
public final class CrashWriterMain {

    static final int WRITERS = 4;

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String round = args[1];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        RocksStore store = RocksStore.open(dir);
        print(out, "READY " + store.currentRevision());
        for (int t = 0; t < WRITERS; t++) {
            int writer = t;
            Thread.ofPlatform().start(() -> {
                String counterKey = "/crash/" + round + "/counter-" + writer;
                KeyValue counter = store.create(counterKey, bytes("0"));
                for (long i = 1; ; i++) {
                    String key = "/crash/" + round + "/" + writer + "-" + i;
                    String value = "value-of-" + key + "-" + "x".repeat(200);
                    KeyValue created = store.create(key, bytes(value));
                    print(out, "ACK " + key + " " + created.modRevision() + " " + value);
                    counter = store.update(counterKey, bytes(Long.toString(i)), counter.modRevision());
                    print(out, "SET " + counterKey + " " + counter.modRevision() + " " + i);
                }
            });
        }
    }

    /** One complete line per write; the test ignores a line torn by the kill. */
    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.print(line + " END\n");
            out.flush();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
