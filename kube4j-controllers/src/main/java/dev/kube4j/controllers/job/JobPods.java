package dev.kube4j.controllers.job;

import dev.kube4j.controllers.core.Owners;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Pods of a Job as upstream writes them, and what the controller reads back from them. */
final class JobPods {

    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    private JobPods() {
    }

    /** A pod from the template with the tracking finalizer; for Indexed jobs with its index (annotation, label, env, hostname). */
    static Pod newPod(Job job, Integer index, KubernetesSerialization json) {
        ObjectMeta tm = job.getSpec().getTemplate().getMetadata() == null ? new ObjectMeta() : job.getSpec().getTemplate().getMetadata();
        Map<String, String> labels = new HashMap<>(Objects.requireNonNullElse(tm.getLabels(), Map.of()));
        Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(tm.getAnnotations(), Map.of()));
        PodSpec spec = json.clone(job.getSpec().getTemplate().getSpec());
        String generateName = job.getMetadata().getName() + "-";
        if (index != null) {
            annotations.put(COMPLETION_INDEX, index.toString());
            labels.put(COMPLETION_INDEX, index.toString());
            generateName = job.getMetadata().getName() + "-" + index + "-";
            if (spec.getHostname() == null || spec.getHostname().isEmpty()) {
                spec.setHostname(job.getMetadata().getName() + "-" + index);
            }
            addIndexEnv(spec.getContainers());
            addIndexEnv(spec.getInitContainers());
        }
        return new PodBuilder().withNewMetadata().withGenerateName(generateName).withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels).withAnnotations(annotations).withFinalizers(TRACKING_FINALIZER)
                .withOwnerReferences(Owners.controllerRef(job)).endMetadata().withSpec(spec).build();
    }

    private static void addIndexEnv(List<Container> containers) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            List<EnvVar> env = new ArrayList<>(Objects.requireNonNullElse(c.getEnv(), List.of()));
            if (env.stream().noneMatch(e -> INDEX_ENV.equals(e.getName()))) {
                env.add(new EnvVarBuilder().withName(INDEX_ENV).withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.annotations['" + COMPLETION_INDEX + "']").endFieldRef().endValueFrom().build());
            }
            c.setEnv(env);
        }
    }

    /** The pod's completion index, or null. */
    static Integer index(Pod pod) {
        String v = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(COMPLETION_INDEX);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean tracked(Pod pod) {
        return pod.getMetadata().getFinalizers() != null && pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
    }

    /** When the pod finished: its last container exit, else its deletion, else now. */
    static Instant finishedAt(Pod pod, Instant now) {
        Instant last = null;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
                if (c.getState() != null && c.getState().getTerminated() != null && c.getState().getTerminated().getFinishedAt() != null) {
                    Instant t = Instant.parse(c.getState().getTerminated().getFinishedAt());
                    last = last == null || t.isAfter(last) ? t : last;
                }
            }
        }
        if (last != null) {
            return last;
        }
        return pod.getMetadata().getDeletionTimestamp() != null ? Instant.parse(pod.getMetadata().getDeletionTimestamp()) : now;
    }

    /** Container restarts of the pod (upstream counts them against backoffLimit for restartPolicy OnFailure). */
    static int restarts(Pod pod) {
        int n = 0;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
                n += Objects.requireNonNullElse(c.getRestartCount(), 0);
            }
        }
        return n;
    }
}
