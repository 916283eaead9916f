package dev.kube4j.controllers.replicaset;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CreatedNameTest {

    @Test
    void readsTheNameOfTheCreatedObject() {
        String pod = "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"generateName\":\"web-7d9f-\",\"name\":\"web-7d9f-x2k4q\","
                + "\"labels\":{\"name\":\"not-this\"}},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}";
        assertThat(ReplicaSetSync.createdName(pod.getBytes(StandardCharsets.UTF_8))).isEqualTo("web-7d9f-x2k4q");
        assertThat(ReplicaSetSync.createdName("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ReplicaSetSync.createdName(null)).isEmpty();
    }
}
