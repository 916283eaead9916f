package dev.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Job conditions as upstream keeps them: one per type, transition time kept while the status stays. */
public final class JobConditions {

    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";
    static final String FAILURE_TARGET = "FailureTarget";
    static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
    static final String SUSPENDED = "Suspended";

    private JobConditions() {
    }

    public static JobCondition find(JobStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    public static boolean isTrue(JobStatus status, String type) {
        JobCondition c = find(status, type);
        return c != null && "True".equals(c.getStatus());
    }

    /** Complete or Failed: upstream's IsJobFinished. */
    public static boolean finished(Job job) {
        return isTrue(job.getStatus(), COMPLETE) || isTrue(job.getStatus(), FAILED);
    }

    /** Sets the condition; returns false when it already said the same. */
    static boolean set(JobStatus status, String type, String value, String reason, String message, Instant now) {
        JobCondition c = find(status, type);
        if (c != null && value.equals(c.getStatus()) && reason.equals(c.getReason()) && message.equals(c.getMessage())) {
            return false;
        }
        String t = now.truncatedTo(ChronoUnit.SECONDS).toString();
        JobCondition next = new JobConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastProbeTime(t)
                .withLastTransitionTime(c != null && value.equals(c.getStatus()) ? c.getLastTransitionTime() : t).build();
        List<JobCondition> list = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
        list.removeIf(x -> type.equals(x.getType()));
        list.add(next);
        status.setConditions(list);
        return true;
    }
}
