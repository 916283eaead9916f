package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.admission.AdmissionRequest.Operation;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Upstream's ServiceAccount admission: a new pod without {@code serviceAccountName} runs as
 * {@code default}, and its service account must exist. The default one is created by the
 * ServiceAccount controller right after its namespace, so it is looked up a few more times
 * (as upstream, ~10 tries 100-200 ms apart) before the pod is refused. Token volumes are not
 * mounted (no kubelet here mounts them).
 */
public final class ServiceAccountAdmission implements AdmissionPlugin {

    static final String DEFAULT = "default";
    static final String MIRROR_POD = "kubernetes.io/config.mirror";
    private static final int DEFAULT_ACCOUNT_ATTEMPTS = 10;

    private final AdmissionLookup lookup;
    private final Duration retryBase;

    public ServiceAccountAdmission(AdmissionLookup lookup) {
        this(lookup, Duration.ofMillis(100));
    }

    ServiceAccountAdmission(AdmissionLookup lookup, Duration retryBase) {
        this.lookup = lookup;
        this.retryBase = retryBase;
    }

    @Override
    public void admit(AdmissionRequest r) {
        if (!r.is(Operation.CREATE, "", "pods") || r.object().path("metadata").path("annotations").has(MIRROR_POD)) {
            return;
        }
        ObjectNode spec = r.object().with("spec");
        String account = spec.path("serviceAccountName").asText("");
        if (account.isEmpty()) {
            account = DEFAULT;
            spec.put("serviceAccountName", account);
        }
        if (!exists(r.namespace(), account)) {
            throw r.forbidden("service account " + r.namespace() + "/" + account
                    + " was not found, retry after the service account is created");
        }
    }

    private boolean exists(String ns, String account) {
        for (ObjectNode sa : lookup.list("", "serviceaccounts", ns)) {
            if (sa.path("metadata").path("name").asText().equals(account)) {
                return true;
            }
        }
        int attempts = account.equals(DEFAULT) ? DEFAULT_ACCOUNT_ATTEMPTS : 1;
        long pause = retryBase.toMillis() + ThreadLocalRandom.current().nextLong(Math.max(1, retryBase.toMillis()));
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (lookup.getLive("", "serviceaccounts", ns, account).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
