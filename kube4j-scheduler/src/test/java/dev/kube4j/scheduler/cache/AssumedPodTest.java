package dev.kube4j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AssumedPodTest {

    @Test
    void equalsTheBuildersCopyWithTheNodeSetAndLeavesTheInformersPodAlone() {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("web-0").withNamespace("default").withUid("u-1").addToLabels("app", "web").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("c").withImage("nginx")
                .withNewResources().addToRequests("cpu", new Quantity("100m")).endResources().endContainer()
                .addNewToleration().withKey("dedicated").withOperator("Equal").withValue("gpu").withEffect("NoSchedule").endToleration()
                .withNodeSelector(Map.of("disk", "ssd")).withPriority(10).withSchedulerName("default-scheduler")
                .endSpec()
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
        pod.setAdditionalProperty("x-extra", "kept");

        Pod assumed = AssumedPod.onNode(pod, "node-7");

        Pod expected = new PodBuilder(pod).editSpec().withNodeName("node-7").endSpec().build();
        expected.setAdditionalProperty("x-extra", "kept");
        assertEquals(expected, assumed);
        assertEquals("node-7", assumed.getSpec().getNodeName());
        assertNull(pod.getSpec().getNodeName());
    }
}
