package dev.kube4j.controllers.statefulset;

import dev.kube4j.controllers.core.Owners;
import dev.kube4j.controllers.history.ControllerHistory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable identity of a StatefulSet's pod: name {@code <set>-<ordinal>}, hostname and subdomain
 * (the governing service), upstream's labels, and one claim {@code <template>-<set>-<ordinal>} per
 * volumeClaimTemplate mounted in place of a template volume of the same name.
 */
final class StatefulIdentity {

    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private StatefulIdentity() {
    }

    /** The ordinal in a pod name {@code <set>-<n>}, or -1. */
    static int ordinal(String setName, String podName) {
        String prefix = setName + "-";
        if (!podName.startsWith(prefix)) {
            return -1;
        }
        String n = podName.substring(prefix.length());
        if (n.isEmpty() || !n.chars().allMatch(Character::isDigit) || (n.length() > 1 && n.charAt(0) == '0') || n.length() > 9) {
            return -1;
        }
        return Integer.parseInt(n);
    }

    static String claimName(String template, String setName, int ordinal) {
        return template + "-" + setName + "-" + ordinal;
    }

    static Pod newPod(StatefulSet set, PodTemplateSpec template, int ordinal, String revisionName, KubernetesSerialization json) {
        String name = set.getMetadata().getName() + "-" + ordinal;
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = new HashMap<>(tm.getLabels() == null ? Map.of() : tm.getLabels());
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(ControllerHistory.REVISION_HASH, revisionName);
        PodSpec spec = json.clone(template.getSpec());
        spec.setHostname(name);
        String service = set.getSpec().getServiceName();
        if (service != null && !service.isEmpty()) {
            spec.setSubdomain(service);
        }
        List<Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
        for (PersistentVolumeClaim t : claimTemplates(set)) {
            String volume = t.getMetadata().getName();
            volumes.removeIf(v -> volume.equals(v.getName()));
            volumes.add(new VolumeBuilder().withName(volume).withNewPersistentVolumeClaim()
                    .withClaimName(claimName(volume, set.getMetadata().getName(), ordinal)).endPersistentVolumeClaim().build());
        }
        spec.setVolumes(volumes);
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels).withAnnotations(tm.getAnnotations())
                .withOwnerReferences(Owners.controllerRef(set)).endMetadata()
                .withSpec(spec).build();
    }

    /** The claims of one ordinal; owned by the set only under {@code whenDeleted: Delete} (Retain keeps them unowned). */
    static List<PersistentVolumeClaim> claims(StatefulSet set, int ordinal) {
        List<PersistentVolumeClaim> out = new ArrayList<>();
        boolean deleteWithSet = set.getSpec().getPersistentVolumeClaimRetentionPolicy() != null
                && "Delete".equals(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
        for (PersistentVolumeClaim t : claimTemplates(set)) {
            Map<String, String> labels = new HashMap<>(t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels());
            if (set.getSpec().getSelector() != null && set.getSpec().getSelector().getMatchLabels() != null) {
                labels.putAll(set.getSpec().getSelector().getMatchLabels());
            }
            PersistentVolumeClaimBuilder b = new PersistentVolumeClaimBuilder().withNewMetadata()
                    .withName(claimName(t.getMetadata().getName(), set.getMetadata().getName(), ordinal))
                    .withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
                    .withAnnotations(t.getMetadata().getAnnotations()).endMetadata()
                    .withSpec(t.getSpec());
            if (deleteWithSet) {
                b.editMetadata().withOwnerReferences(Owners.controllerRef(set)).endMetadata();
            }
            out.add(b.build());
        }
        return out;
    }

    static boolean deleteClaimsOnScaleDown(StatefulSet set) {
        return set.getSpec().getPersistentVolumeClaimRetentionPolicy() != null
                && "Delete".equals(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled());
    }

    private static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
        return set.getSpec().getVolumeClaimTemplates() == null ? List.of() : set.getSpec().getVolumeClaimTemplates();
    }
}
