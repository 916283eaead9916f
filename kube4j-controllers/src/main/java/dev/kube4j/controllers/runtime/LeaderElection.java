package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a component only while this process holds a Lease in kube-system, as kube-controller-manager
 * and kube-scheduler do ({@code --leader-elect}): two copies never act at once. Leadership lost →
 * the component is stopped and this process campaigns again; closing releases the Lease so a
 * standby takes over at once instead of after the lease duration.
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    /** Upstream's defaults: 15 s lease, 10 s renew deadline, 2 s retry period. */
    public record Settings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        }
    }

    /** Starts the component when leadership is won; closing it stops the component. */
    public interface Component {
        AutoCloseable start() throws Exception;
    }

    private final KubernetesClient client;
    private final String leaseName;
    private final String identity;
    private final Settings settings;
    private final Component component;
    private final Thread campaigner;
    private volatile boolean closed;
    private volatile CompletableFuture<?> current;
    private AutoCloseable running;

    private LeaderElection(KubernetesClient client, String leaseName, Settings settings, Component component) {
        this.client = client;
        this.leaseName = leaseName;
        this.settings = settings;
        this.component = component;
        this.identity = hostName() + "_" + UUID.randomUUID();
        this.campaigner = Thread.ofVirtual().name("leader-election-" + leaseName).unstarted(this::campaign);
    }

    /**
     * Campaigns for {@code kube-system/<leaseName>} in the background, on a client of its own to
     * {@code client}'s server (as upstream's components build a separate leader-election client):
     * renewals must not wait behind the component's own traffic on a shared connection and
     * executor, or a busy controller manager loses its Lease exactly when it is busiest.
     */
    public static LeaderElection start(KubernetesClient client, String leaseName, Settings settings, Component component) {
        KubernetesClient own = ApiClients.connect(new ConfigBuilder(client.getConfiguration()).build());
        LeaderElection e = new LeaderElection(own, leaseName, settings, component);
        e.campaigner.start();
        return e;
    }

    public String identity() {
        return identity;
    }

    public synchronized boolean leading() {
        return running != null;
    }

    private void campaign() {
        while (!closed) {
            try {
                current = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                        .withName(leaseName)
                        .withLock(new LeaseLock("kube-system", leaseName, identity))
                        .withLeaseDuration(settings.leaseDuration())
                        .withRenewDeadline(settings.renewDeadline())
                        .withRetryPeriod(settings.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                                leader -> log.info("{}: leader is now {}", leaseName, leader)))
                        .build()).build().start();
                current.get();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                log.warn("{}: leader election failed, campaigning again: {}", leaseName, e.toString());
            }
            stopLeading();
            if (!closed) {
                sleep(settings.retryPeriod());
            }
        }
    }

    private synchronized void startLeading() {
        if (closed || running != null) {
            return;
        }
        try {
            running = component.start();
            log.info("{}: {} became leader", leaseName, identity);
        } catch (Exception e) {
            log.error("{}: starting after winning the election failed", leaseName, e);
            if (current != null) {
                current.cancel(true);
            }
        }
    }

    private synchronized void stopLeading() {
        if (running == null) {
            return;
        }
        log.info("{}: {} stopped leading", leaseName, identity);
        try {
            running.close();
        } catch (Exception e) {
            log.warn("{}: stopping failed: {}", leaseName, e.toString());
        }
        running = null;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        CompletableFuture<?> f = current;
        if (f != null) {
            f.cancel(true); // releases the Lease (releaseOnCancel)
        }
        stopLeading();
        campaigner.interrupt();
        campaigner.join(TimeUnit.SECONDS.toMillis(10));
        client.close();
    }
}
