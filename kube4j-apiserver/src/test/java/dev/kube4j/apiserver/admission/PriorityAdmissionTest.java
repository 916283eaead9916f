package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PriorityAdmissionTest extends AdmissionTestBase {

    private static String podWithClass(String name, String extraSpec) {
        return "{apiVersion: v1, kind: Pod, metadata: {name: " + name + ", namespace: ns}, spec: {" + extraSpec
                + (extraSpec.isEmpty() ? "" : ", ") + "containers: [{name: c, image: nginx}]}}";
    }

    private void priorityClass(String name, int value, boolean globalDefault, String policy) {
        h.create("scheduling.k8s.io", "priorityclasses", "{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: "
                + name + "}, value: " + value + ", globalDefault: " + globalDefault + ", preemptionPolicy: " + policy + "}");
    }

    @Test
    void resolvesTheClassAndTheGlobalDefault() {
        ObjectNode plain = h.create("", "pods", podWithClass("plain", ""));
        assertThat(plain.path("spec").path("priority").asInt(-1)).isZero();
        assertThat(plain.path("spec").path("preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");

        priorityClass("high", 1000, false, "Never");
        ObjectNode high = h.create("", "pods", podWithClass("high", "priorityClassName: high"));
        assertThat(high.path("spec").path("priority").asInt()).isEqualTo(1000);
        assertThat(high.path("spec").path("preemptionPolicy").asText()).isEqualTo("Never");

        priorityClass("everyone", 7, true, "PreemptLowerPriority");
        ObjectNode defaulted = h.create("", "pods", podWithClass("defaulted", ""));
        assertThat(defaulted.path("spec").path("priorityClassName").asText()).isEqualTo("everyone");
        assertThat(defaulted.path("spec").path("priority").asInt()).isEqualTo(7);
        assertForbidden(() -> priorityClass("another", 8, true, "PreemptLowerPriority"),
                "priorityclasses.scheduling.k8s.io \"another\" is forbidden: PriorityClass everyone is already marked as default. "
                        + "Only one default can exist");
    }

    @Test
    void refusesUnknownClassesAndDisagreeingValues() {
        assertForbidden(() -> h.create("", "pods", podWithClass("p", "priorityClassName: nope")),
                "pods \"p\" is forbidden: no PriorityClass with name nope was found");
        priorityClass("high", 1000, false, "PreemptLowerPriority");
        assertForbidden(() -> h.create("", "pods", podWithClass("p", "priorityClassName: high, priority: 5")),
                "pods \"p\" is forbidden: the integer value of priority (5) must not be provided in pod spec; "
                        + "priority admission controller computed 1000 from the given PriorityClass name");
        assertForbidden(() -> h.create("", "pods", podWithClass("p", "priorityClassName: high, preemptionPolicy: Never")),
                "pods \"p\" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; "
                        + "priority admission controller computed PreemptLowerPriority from the given PriorityClass name");
    }
}
