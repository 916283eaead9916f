package dev.kube4j.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real kubectl binary against a kubeconfig and captures what it prints. */
public final class Kubectl {

    public static final Path DEFAULT = Path.of("/usr/bin/kubectl");
    public static final Path SDK_DIR = Path.of("/usr/lib/google-cloud-sdk/bin");

    private final Path binary;
    private final Path kubeconfig;

    public Kubectl(Path binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    /** The outcome of one kubectl run. */
    public record Result(int exitCode, String out, String err) {
        public Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl failed (" + exitCode + "):\n" + err + "\n" + out);
            }
            return this;
        }
    }

    public Result run(String... args) {
        return run(null, Map.of(), args);
    }

    public Result runWithInput(String stdin, String... args) {
        return run(stdin, Map.of(), args);
    }

    public Result run(String stdin, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().put("HOME", kubeconfig.getParent().toString());
                pb.environment().remove("KUBECONFIG");
                pb.environment().putAll(env);
                Process p = pb.start();
                if (stdin != null) {
                    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                p.getOutputStream().close();
                if (!p.waitFor(90, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("kubectl timed out: " + String.join(" ", args) + "\n" + Files.readString(err));
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts kubectl without waiting (for get -w); the caller stops the process. */
    public Process start(Path stdout, String... args) throws IOException {
        return start(stdout, null, args);
    }

    /** As {@link #start(Path, String...)}, keeping what kubectl prints on stderr in {@code stderr} (null: discarded). */
    public Process start(Path stdout, Path stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectErrorStream(false);
        pb.redirectError(stderr == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stderr.toFile()));
        pb.environment().put("HOME", kubeconfig.getParent().toString());
        return pb.start();
    }

    /** Every kubectl on the machine: the default one and the SDK's versioned ones. */
    public static List<Path> installed() {
        List<Path> all = new ArrayList<>();
        if (Files.isExecutable(DEFAULT)) {
            all.add(DEFAULT);
        }
        for (int minor = 27; minor <= 33; minor++) {
            Path p = SDK_DIR.resolve("kubectl.1." + minor);
            if (Files.isExecutable(p)) {
                all.add(p);
            }
        }
        return all;
    }
}
