package dev.kube4j.e2e;

import dev.kube4j.controllers.runtime.LeaderElection;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two candidates for one Lease: only one acts at a time, and the standby takes over when the leader stops. */
class LeaderElectionTest {

    static final LeaderElection.Settings FAST =
            new LeaderElection.Settings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));

    @Test
    void oneLeaderAtATimeAndFailover() throws Exception {
        try (TestCluster cluster = TestCluster.start(); KubernetesClient a = cluster.client(); KubernetesClient b = cluster.client()) {
            AtomicInteger active = new AtomicInteger();
            AtomicInteger maxActive = new AtomicInteger();
            LeaderElection.Component component = () -> {
                maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                return active::decrementAndGet;
            };
            LeaderElection first = LeaderElection.start(a, "kube-controller-manager", FAST, component);
            await().atMost(Duration.ofSeconds(10)).until(first::leading);
            LeaderElection second = LeaderElection.start(b, "kube-controller-manager", FAST, component);
            try {
                Thread.sleep(2_000); // several retry periods: the standby must not start
                assertThat(second.leading()).isFalse();
                assertThat(holder(a)).isEqualTo(first.identity());

                first.close(); // releases the Lease
                await().atMost(Duration.ofSeconds(10)).until(second::leading);
                assertThat(holder(a)).isEqualTo(second.identity());
                assertThat(maxActive.get()).isEqualTo(1);
            } finally {
                second.close();
            }
            assertThat(active.get()).isZero();
        }
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace("kube-system").withName("kube-controller-manager").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }
}
