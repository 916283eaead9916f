package dev.kube4j.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Upstream's serviceaccounts controller: every active namespace has a {@code default} service
 * account, created with the namespace and re-created if deleted, so the ServiceAccount admission
 * lets its pods in.
 */
public final class ServiceAccountController extends PerNamespaceObjectController<ServiceAccount> {

    static final String DEFAULT = "default";

    @Override
    public String name() {
        return "serviceaccount";
    }

    @Override
    protected SharedIndexInformer<ServiceAccount> objectInformer(KubernetesClient client, long resyncMillis) {
        return client.serviceAccounts().inAnyNamespace().withField("metadata.name", DEFAULT).runnableInformer(resyncMillis);
    }

    @Override
    protected void ensure(String namespace) {
        if (cached(namespace, DEFAULT) != null) {
            return;
        }
        try {
            client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName(DEFAULT).withNamespace(namespace).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            // already there (the informer lags), or the namespace began terminating meanwhile: nothing to do
            if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
        }
    }
}
