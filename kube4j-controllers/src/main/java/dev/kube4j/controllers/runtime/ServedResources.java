package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;

/** Discovery as upstream's ServerPreferredResources: every resource of {@code /api/v1} and of each group's preferred version. */
public final class ServedResources {

    /** One served resource with the group and version it was found under. */
    public record Served(String group, String version, APIResource resource) {}

    private ServedResources() {
    }

    /**
     * @param strict true: a group version that cannot be read fails the whole discovery (callers
     *               that would act on "everything" must not act on part of it); false: it is skipped
     */
    public static List<Served> discover(KubernetesClient client, boolean strict) {
        List<String> groupVersions = new ArrayList<>();
        groupVersions.add("v1");
        for (APIGroup g : client.getApiGroups().getGroups()) {
            if (g.getPreferredVersion() != null) {
                groupVersions.add(g.getPreferredVersion().getGroupVersion());
            } else if (!g.getVersions().isEmpty()) {
                groupVersions.add(g.getVersions().getFirst().getGroupVersion());
            }
        }
        List<Served> result = new ArrayList<>();
        for (String gv : groupVersions) {
            APIResourceList list;
            try {
                list = client.getApiResources(gv);
            } catch (RuntimeException e) {
                if (strict) {
                    throw e;
                }
                continue;
            }
            if (list == null) {
                if (strict) {
                    throw new IllegalStateException("discovery of " + gv + " returned nothing");
                }
                continue;
            }
            int slash = gv.indexOf('/');
            String group = slash < 0 ? "" : gv.substring(0, slash);
            String version = gv.substring(slash + 1);
            for (APIResource r : list.getResources()) {
                result.add(new Served(group, version, r));
            }
        }
        return result;
    }
}
