package dev.kube4j.controllers.runtime;

import dev.kube4j.controllers.runtime.ControllerRefManager.Claim;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerRefManagerTest {

    private static final StatefulSet OWNER = owner(null);
    private static final StatefulSet DELETING = owner("2024-01-01T00:00:00Z");

    private static StatefulSet owner(String deletionTimestamp) {
        return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("set-uid")
                .withDeletionTimestamp(deletionTimestamp).endMetadata().build();
    }

    private static PodBuilder pod(String namespace) {
        return new PodBuilder().withNewMetadata().withName("web-0").withNamespace(namespace).endMetadata();
    }

    private static Pod controlledBy(String uid) {
        return pod("default").editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withKind("StatefulSet")
                .withName("web").withUid(uid).withController(true).build()).endMetadata().build();
    }

    @Test
    void orphansTheSelectorMatchesAreAdopted() {
        assertThat(ControllerRefManager.decide(pod("default").build(), OWNER, true)).isEqualTo(Claim.ADOPT);
        assertThat(ControllerRefManager.decide(pod("default").build(), OWNER, false)).isEqualTo(Claim.IGNORE);
        // A non-controller reference does not make a pod owned.
        Pod referenced = pod("default").editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withKind("ConfigMap")
                .withName("c").withUid("cm-uid").withController(false).build()).endMetadata().build();
        assertThat(ControllerRefManager.decide(referenced, OWNER, true)).isEqualTo(Claim.ADOPT);
    }

    @Test
    void nothingIsAdoptedByAnOwnerBeingDeletedNorWhenItIsBeingDeletedOrElsewhere() {
        assertThat(ControllerRefManager.decide(pod("default").build(), DELETING, true)).isEqualTo(Claim.IGNORE);
        Pod going = pod("default").editMetadata().withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata().build();
        assertThat(ControllerRefManager.decide(going, OWNER, true)).isEqualTo(Claim.IGNORE);
        assertThat(ControllerRefManager.decide(pod("other").build(), OWNER, true)).isEqualTo(Claim.IGNORE);
    }

    @Test
    void ownedPodsThatStopMatchingAreReleasedUnlessTheOwnerIsBeingDeleted() {
        assertThat(ControllerRefManager.decide(controlledBy("set-uid"), OWNER, true)).isEqualTo(Claim.OWNED);
        assertThat(ControllerRefManager.decide(controlledBy("set-uid"), OWNER, false)).isEqualTo(Claim.RELEASE);
        assertThat(ControllerRefManager.decide(controlledBy("set-uid"), DELETING, false)).isEqualTo(Claim.IGNORE);
    }

    @Test
    void podsOfAnotherControllerAreLeftAlone() {
        assertThat(ControllerRefManager.decide(controlledBy("someone-else"), OWNER, true)).isEqualTo(Claim.IGNORE);
        assertThat(ControllerRefManager.decide(controlledBy("someone-else"), OWNER, false)).isEqualTo(Claim.IGNORE);
    }
}
