package dev.kube4j.cli;

import dev.kube4j.controllers.ControllerManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code kube4j controller-manager}: the controllers alone, against any API server (kube-controller-manager's role). */
@Command(name = "controller-manager", mixinStandardHelpOptions = true,
        description = {"Run the controllers (namespace deletion, …) against an API server.",
                "Use with 'kube4j server --disable-controllers', or against any Kubernetes API server."})
public final class ControllerManagerCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", required = true, paramLabel = "FILE",
            description = "Kubeconfig with credentials for the API server (e.g. DIR/kubeconfig written by 'kube4j server').")
    Path kubeconfig;

    @picocli.CommandLine.Mixin
    ControllerFlags controllerFlags = new ControllerFlags();

    @picocli.CommandLine.Mixin
    LeaderElectionFlags leaderElection = new LeaderElectionFlags();

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(kubeconfig)) {
            System.err.println("error: cannot read kubeconfig " + kubeconfig);
            return 2;
        }
        ClientComponent manager = ClientComponent.start(kubeconfig, "kube-controller-manager", c -> leaderElection.run(c, "kube-controller-manager",
                () -> ControllerManager.startOn(c, ControllerManager.defaultControllers(controllerFlags.options()))));
        System.out.println("kube4j controller-manager running" + (leaderElection.leaderElect
                ? " (leader election on kube-system/kube-controller-manager)" : ""));
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            manager.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
