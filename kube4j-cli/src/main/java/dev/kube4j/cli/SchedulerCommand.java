package dev.kube4j.cli;

import dev.kube4j.scheduler.Scheduler;
import dev.kube4j.scheduler.SchedulerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code kube4j scheduler}: the scheduler alone, against any API server (kube-scheduler's role). */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Run a scheduler against an API server: it binds pending pods whose spec.schedulerName is its name.",
                "Use with 'kube4j server --disable-scheduler', or beside it under another --scheduler-name."})
public final class SchedulerCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", required = true, paramLabel = "FILE",
            description = "Kubeconfig with credentials for the API server (e.g. DIR/kubeconfig written by 'kube4j server').")
    Path kubeconfig;

    @Option(names = "--scheduler-name", defaultValue = SchedulerOptions.DEFAULT_SCHEDULER, paramLabel = "NAME",
            description = "Schedule pods with this spec.schedulerName (default: ${DEFAULT-VALUE}).")
    String schedulerName;

    @picocli.CommandLine.Mixin
    LeaderElectionFlags leaderElection = new LeaderElectionFlags();

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(kubeconfig)) {
            System.err.println("error: cannot read kubeconfig " + kubeconfig);
            return 2;
        }
        // Each scheduler name elects its own leader, as upstream's lease per profile set.
        String lease = schedulerName.equals(SchedulerOptions.DEFAULT_SCHEDULER) ? "kube-scheduler" : schedulerName;
        ClientComponent scheduler = ClientComponent.start(kubeconfig, "kube-scheduler", c -> leaderElection.run(c, lease,
                () -> Scheduler.start(c, SchedulerOptions.defaults().withSchedulerName(schedulerName))));
        System.out.println("kube4j scheduler running as " + schedulerName);
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scheduler.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
