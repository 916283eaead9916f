package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodOwnerIndexTest {

    private static PodBuilder pod(String ns) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace(ns).endMetadata();
    }

    @Test
    void aPodIsIndexedUnderItsControllerAndAnOrphanUnderItsNamespace() {
        Pod controlled = pod("a").editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("r").withUid("u1")
                .withController(true).endOwnerReference().endMetadata().build();
        Pod ownedNotControlled = pod("a").editMetadata().addNewOwnerReference().withKind("Thing").withName("t").withUid("u2")
                .endOwnerReference().endMetadata().build();
        assertThat(PodOwnerIndex.key(controlled)).isEqualTo("u1");
        assertThat(PodOwnerIndex.key(ownedNotControlled)).isEqualTo(PodOwnerIndex.key(pod("a").build()));
        assertThat(PodOwnerIndex.key(pod("a").build())).isNotEqualTo(PodOwnerIndex.key(pod("b").build()));
    }
}
