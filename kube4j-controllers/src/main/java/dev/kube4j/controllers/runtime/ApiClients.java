package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The API client every control-plane component (controllers, scheduler, hollow nodes) connects with. */
public final class ApiClients {

    private ApiClients() {
    }

    public static KubernetesClient connect(Path kubeconfig) throws IOException {
        return connect(Config.fromKubeconfig(Files.readString(kubeconfig)));
    }

    /** fabric8 as is, except for decoding watch events without an intermediate tree, and objects without managedFields. */
    public static KubernetesClient connect(Config config) {
        return new KubernetesClientBuilder().withConfig(config)
                .withKubernetesSerialization(DirectWatchEventSerialization.create()).build();
    }

    /**
     * A second client, to {@code client}'s server, whose lists and watches return objects as
     * {@code PartialObjectMetadata} (client-go's metadata client): for controllers that look at
     * nothing but metadata, such as the garbage collector, which follows every object of every
     * resource and need not receive, nor decode, their specs and statuses. Every response of this
     * client is metadata only: use it for lists and watches. The caller closes it.
     */
    public static KubernetesClient metadataOnly(KubernetesClient client) {
        Map<String, String> headers = new HashMap<>();
        if (client.getConfiguration().getCustomHeaders() != null) {
            headers.putAll(client.getConfiguration().getCustomHeaders());
        }
        headers.put("Accept", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
                + "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json");
        return connect(new ConfigBuilder(client.getConfiguration()).withCustomHeaders(headers).build());
    }
}
