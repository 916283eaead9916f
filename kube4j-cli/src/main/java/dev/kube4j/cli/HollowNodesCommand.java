package dev.kube4j.cli;

import dev.kube4j.node.hollow.HollowNodePool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code kube4j hollow-nodes}: simulated nodes alone, against any API server (kubemark's hollow kubelets). */
@Command(name = "hollow-nodes", mixinStandardHelpOptions = true,
        description = {"Run N simulated nodes (no containers) against an API server: each registers a Node, renews its Lease,",
                "reports Ready, and reports the pods bound to it Running."})
public final class HollowNodesCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", required = true, paramLabel = "FILE",
            description = "Kubeconfig with credentials for the API server (e.g. DIR/kubeconfig written by 'kube4j server').")
    Path kubeconfig;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of hollow nodes.")
    int count;

    @Mixin
    HollowNodeCapacity capacity = new HollowNodeCapacity();

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(kubeconfig)) {
            System.err.println("error: cannot read kubeconfig " + kubeconfig);
            return 2;
        }
        if (count <= 0) {
            System.err.println("error: --count must be at least 1");
            return 2;
        }
        ClientComponent nodes = ClientComponent.start(kubeconfig, "kubelet", c -> HollowNodePool.start(c, capacity.options(count)));
        System.out.println("kube4j hollow-nodes: " + count + " nodes running");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            nodes.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
