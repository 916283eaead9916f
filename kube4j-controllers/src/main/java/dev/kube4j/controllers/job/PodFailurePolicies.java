package dev.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Upstream's matchPodFailurePolicy: the first rule matching a failed pod decides — by a
 * container's non-zero exit code (init containers first) or by a pod condition.
 */
final class PodFailurePolicies {

    private PodFailurePolicies() {
    }

    /** The decision for a failed pod; {@code message} is set for FailJob. */
    record Match(String action, String message) {
    }

    /** The matching rule's action and message, or null when no rule matches (the failure counts). */
    static Match evaluate(PodFailurePolicy policy, Pod pod) {
        if (policy == null || policy.getRules() == null) {
            return null;
        }
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int i = 0; i < rules.size(); i++) {
            PodFailurePolicyRule rule = rules.get(i);
            String action = rule.getAction();
            if (rule.getOnExitCodes() != null) {
                ContainerStatus c = matchingContainer(pod, rule.getOnExitCodes());
                if (c != null) {
                    return new Match(action, "Container " + c.getName() + " for pod " + pod.getMetadata().getNamespace() + "/"
                            + pod.getMetadata().getName() + " failed with exit code " + c.getState().getTerminated().getExitCode()
                            + " matching " + action + " rule at index " + i);
                }
            } else if (rule.getOnPodConditions() != null) {
                PodCondition cond = matchingCondition(pod, rule.getOnPodConditions());
                if (cond != null) {
                    return new Match(action, "Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                            + " has condition " + cond.getType() + " matching " + action + " rule at index " + i);
                }
            }
        }
        return null;
    }

    private static ContainerStatus matchingContainer(Pod pod, PodFailurePolicyOnExitCodesRequirement req) {
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus() != null) {
            all.addAll(Objects.requireNonNullElse(pod.getStatus().getInitContainerStatuses(), List.of()));
            all.addAll(Objects.requireNonNullElse(pod.getStatus().getContainerStatuses(), List.of()));
        }
        List<Integer> values = Objects.requireNonNullElse(req.getValues(), List.of());
        for (ContainerStatus c : all) {
            if (c.getState() == null || c.getState().getTerminated() == null) {
                continue;
            }
            if (req.getContainerName() != null && !req.getContainerName().equals(c.getName())) {
                continue;
            }
            int code = Objects.requireNonNullElse(c.getState().getTerminated().getExitCode(), 0);
            if (code == 0) {
                continue;
            }
            boolean in = values.contains(code);
            if ("In".equals(req.getOperator()) == in) {
                return c;
            }
        }
        return null;
    }

    private static PodCondition matchingCondition(Pod pod, List<PodFailurePolicyOnPodConditionsPattern> patterns) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodFailurePolicyOnPodConditionsPattern p : patterns) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if (p.getType().equals(c.getType()) && Objects.requireNonNullElse(p.getStatus(), "True").equals(c.getStatus())) {
                    return c;
                }
            }
        }
        return null;
    }
}
