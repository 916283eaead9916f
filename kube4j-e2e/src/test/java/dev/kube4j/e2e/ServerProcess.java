package dev.kube4j.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@code kube4j server} in a child JVM, so a test can kill it with SIGKILL as a crash would.
 * The test that starts it must stop it ({@link #kill()} or {@link #close()}).
 */
public final class ServerProcess implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final Path log;
    private Process process;

    public ServerProcess(Path dataDir, int port) throws IOException {
        this.dataDir = dataDir;
        this.port = port;
        this.log = Files.createTempFile("kube4j-server", ".log");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code kube4j server} with {@code extraArgs} (e.g. "--node", "hollow:2") and waits until it is ready. */
    public ServerProcess start(String... extraArgs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.kube4j.cli.Main", "server",
                "--data-dir", dataDir.toString(), "--port", Integer.toString(port)));
        cmd.addAll(List.of(extraArgs));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("server exited:\n" + Files.readString(log));
            }
            return Files.exists(dataDir.resolve("kubeconfig")) && Files.readString(log).contains("kube4j is ready");
        });
        return this;
    }

    public KubernetesClient client() throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(dataDir.resolve("kubeconfig")));
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Files.deleteIfExists(log);
    }
}
