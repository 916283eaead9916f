package dev.kube4j.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's root-ca-cert-publisher: every active namespace has the config map
 * {@code kube-root-ca.crt} holding the cluster CA ({@code ca.crt}), so pods can verify the API
 * server; re-created when deleted and corrected when changed.
 */
public final class RootCaPublisher extends PerNamespaceObjectController<ConfigMap> {

    static final String NAME = "kube-root-ca.crt";
    static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using "
            + "internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
            + "guaranteed across distributions of Kubernetes clusters.";

    private String caPem;

    @Override
    public String name() {
        return "root-ca-cert-publisher";
    }

    @Override
    protected SharedIndexInformer<ConfigMap> objectInformer(KubernetesClient client, long resyncMillis) {
        caPem = caOf(client.getConfiguration());
        return client.configMaps().inAnyNamespace().withField("metadata.name", NAME).runnableInformer(resyncMillis);
    }

    /** The CA the client trusts: the kubeconfig's certificate-authority(-data). */
    static String caOf(Config config) {
        if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
            return new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8);
        }
        if (config.getCaCertFile() != null) {
            try {
                return Files.readString(Path.of(config.getCaCertFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    @Override
    protected void ensure(String namespace) {
        if (caPem == null) {
            return; // a client that trusts any server has no CA to publish
        }
        ConfigMap current = cached(namespace, NAME);
        Map<String, String> data = Map.of("ca.crt", caPem);
        ConfigMap wanted = new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                .addToAnnotations("kubernetes.io/description", DESCRIPTION).endMetadata().withData(data).build();
        try {
            if (current == null) {
                client.configMaps().inNamespace(namespace).resource(wanted).create();
            } else if (!Objects.equals(current.getData(), data)
                    || !DESCRIPTION.equals(current.getMetadata().getAnnotations() == null ? null
                    : current.getMetadata().getAnnotations().get("kubernetes.io/description"))) {
                client.configMaps().inNamespace(namespace).withName(NAME).edit(cm -> {
                    cm.setData(data);
                    Map<String, String> annotations = cm.getMetadata().getAnnotations() == null
                            ? new HashMap<>() : new HashMap<>(cm.getMetadata().getAnnotations());
                    annotations.put("kubernetes.io/description", DESCRIPTION);
                    cm.getMetadata().setAnnotations(annotations);
                    return cm;
                });
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
        }
    }
}
