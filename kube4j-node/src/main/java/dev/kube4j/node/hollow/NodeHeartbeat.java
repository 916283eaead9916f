package dev.kube4j.node.hollow;

import dev.kube4j.apimachinery.json.JsonMembers;
import dev.kube4j.controllers.runtime.RawRequests;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * One node's kubelet heartbeat: renews its Lease in {@code kube-node-lease} every
 * {@link HollowNodeOptions#leaseRenew()}, and posts its status every
 * {@link HollowNodeOptions#statusReport()} or at once when asked (e.g. its Ready condition was
 * changed by the node lifecycle controller). A stopped node does neither.
 */
final class NodeHeartbeat implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
    static final String LEASE_NAMESPACE = "kube-node-lease";
    /** A Lease's renewTime: RFC 3339 with microseconds (metav1.MicroTime). */
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final HollowNode node;
    private final KubernetesClient client;
    private final HollowNodeOptions options;
    /** The latest Node seen by the pool's informer (may be null before the first event). */
    private final Function<String, Node> currentNode;
    private volatile boolean reportRequested = true;
    private volatile boolean closed;
    private volatile Thread thread;
    /**
     * The Lease as the server last answered it, without managedFields: the next renewal is these
     * bytes with a new renewTime, PUT as kubelet PUTs its whole Lease. 500 renewals a second at
     * 5,000 nodes: encoding and decoding them as objects cost more than the rest of the kubelet.
     */
    private byte[] lease;
    private Instant nextReport = Instant.MIN;

    NodeHeartbeat(HollowNode node, KubernetesClient client, HollowNodeOptions options, Function<String, Node> currentNode) {
        this.node = node;
        this.client = client;
        this.options = options;
        this.currentNode = currentNode;
    }

    /** The status was just posted (with the registration): the next report is due a period later. */
    void statusReported() {
        reportRequested = false;
        nextReport = Instant.now().plus(options.statusReport());
    }

    /** Asks for a status report now (wakes the loop). */
    void requestReport() {
        reportRequested = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long period = options.leaseRenew().toNanos();
        // The first Lease at once, as a starting kubelet does (a node stopped right after registering
        // must still have one); later renewals spread over the interval so nodes do not renew in step.
        long next = System.nanoTime();
        boolean first = true;
        while (!closed) {
            if (!node.stopped()) {
                // The Lease first: it is what tells the control plane the node is alive.
                if (System.nanoTime() >= next) {
                    boolean renewed = attempt(this::renewLease);
                    long delay = !renewed ? Duration.ofMillis(500).toNanos()
                            : first ? ThreadLocalRandom.current().nextLong(Math.max(1, period)) : period;
                    first &= !renewed;
                    next = System.nanoTime() + delay;
                }
                if (reportRequested || !Instant.now().isBefore(nextReport)) {
                    reportRequested = false;
                    if (attempt(this::reportStatus)) {
                        nextReport = Instant.now().plus(options.statusReport());
                    } else {
                        reportRequested = true;
                    }
                }
            } else if (System.nanoTime() >= next) {
                next = System.nanoTime() + period;
            }
            long wait = reportRequested && !node.stopped() ? Duration.ofMillis(500).toNanos() : next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private int consecutiveFailures;

    /** Runs one API call; a failure is retried by the loop, and reported once it keeps failing. */
    private boolean attempt(Runnable call) {
        try {
            call.run();
            consecutiveFailures = 0;
            return true;
        } catch (RuntimeException e) {
            // Any failure (not only API errors) must leave the loop alive: a dead heartbeat is a lost node.
            consecutiveFailures++;
            if (!(e instanceof KubernetesClientException) || consecutiveFailures == 3 || consecutiveFailures % 100 == 0) {
                log.warn("node {}: heartbeat failed {} times in a row: {}", node.name(), consecutiveFailures, e.getMessage());
            } else {
                log.debug("node {}: heartbeat call failed: {}", node.name(), e.getMessage());
            }
            return false;
        }
    }

    private void reportStatus() {
        Node current = currentNode.apply(node.name());
        if (current == null) {
            current = client.nodes().withName(node.name()).get();
            if (current == null) {
                return; // deleted: a kubelet only registers at start
            }
        }
        Node updated = new NodeBuilder(current).withStatus(node.status(current.getStatus(), Instant.now())).build();
        client.resource(updated).updateStatus(); // a stale copy gets 409: retried with the informer's next one
    }

    private void renewLease() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        if (lease != null && renewQuickly(now)) {
            return;
        }
        Lease existing = client.leases().inNamespace(LEASE_NAMESPACE).withName(node.name()).get();
        if (existing != null) {
            existing.getSpec().setHolderIdentity(node.name());
            existing.getSpec().setLeaseDurationSeconds(HollowNodeOptions.LEASE_DURATION_SECONDS);
            existing.getSpec().setRenewTime(now);
            remember(client.resource(existing).update());
            return;
        }
        Node owner = currentNode.apply(node.name());
        LeaseBuilder b = new LeaseBuilder().withNewMetadata().withName(node.name()).withNamespace(LEASE_NAMESPACE).endMetadata()
                .withNewSpec().withHolderIdentity(node.name())
                .withLeaseDurationSeconds(HollowNodeOptions.LEASE_DURATION_SECONDS).withRenewTime(now).endSpec();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                    .withName(node.name()).withUid(owner.getMetadata().getUid()).build()).endMetadata();
        }
        remember(client.resource(b.build()).create());
    }

    /** PUTs the last answered Lease with a new renewTime; false when that fails on a stale or deleted Lease (409, 404). */
    private boolean renewQuickly(ZonedDateTime now) {
        byte[] body = JsonMembers.withValue(lease, ("\"" + MICRO_TIME.format(now) + "\"").getBytes(StandardCharsets.UTF_8),
                "spec", "renewTime");
        if (body == null) {
            return false;
        }
        String path = "apis/coordination.k8s.io/v1/namespaces/" + LEASE_NAMESPACE + "/leases/" + node.name();
        RawRequests.Answer answer;
        try {
            answer = RawRequests.exchange(client, "PUT", path, "application/json", new String(body, StandardCharsets.UTF_8), 404, 409);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted renewing the lease of " + node.name(), e);
        }
        if (!answer.successful()) {
            lease = null;
            return false;
        }
        lease = JsonMembers.without(answer.body(), "metadata", "managedFields");
        return true;
    }

    private void remember(Lease answered) {
        lease = client.getKubernetesSerialization().asJson(answered).getBytes(StandardCharsets.UTF_8);
    }
}
