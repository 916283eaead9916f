package dev.kube4j.api.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kube4j.api.quota.QuotaEvaluator.QuotaResource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaEvaluatorTest {

    private static final ObjectMapper YAML = new YAMLMapper();

    private static JsonNode yaml(String s) throws Exception {
        return YAML.readTree(s);
    }

    @Test
    void podUsageCountsContainersSidecarsAndTheLargestInitContainer() throws Exception {
        JsonNode pod = yaml("""
                spec:
                  initContainers:
                  - {name: init, resources: {requests: {cpu: '2'}}}
                  - {name: sidecar, restartPolicy: Always, resources: {requests: {cpu: 100m}, limits: {memory: 64Mi}}}
                  containers:
                  - {name: a, resources: {requests: {cpu: 250m, memory: 128Mi}, limits: {memory: 256Mi}}}
                  - {name: b, resources: {requests: {cpu: 250m, nvidia.com/gpu: '1'}}}
                  overhead: {cpu: 10m}
                """);
        var u = QuotaEvaluator.usage(QuotaResource.PODS, pod, Instant.now());
        assertThat(ResourceLists.prettyPrint(u)).isEqualTo("count/pods=1,cpu=2010m,limits.memory=320Mi,memory=128Mi,pods=1,"
                + "requests.cpu=2010m,requests.memory=128Mi,requests.nvidia.com/gpu=1");
    }

    @Test
    void finishedPodsOnlyCountAsObjects() throws Exception {
        JsonNode pod = yaml("{spec: {containers: [{name: a, resources: {requests: {cpu: '1'}}}]}, status: {phase: Succeeded}}");
        assertThat(QuotaEvaluator.usage(QuotaResource.PODS, pod, Instant.now())).containsOnlyKeys("count/pods");
    }

    @Test
    void servicesClaimsAndObjectCounts() throws Exception {
        assertThat(ResourceLists.prettyPrint(QuotaEvaluator.usage(QuotaResource.SERVICES,
                yaml("{spec: {type: LoadBalancer, ports: [{port: 80}, {port: 443}]}}"), Instant.now())))
                .isEqualTo("count/services=1,services=1,services.loadbalancers=1,services.nodeports=2");
        assertThat(ResourceLists.prettyPrint(QuotaEvaluator.usage(QuotaResource.CLAIMS,
                yaml("{spec: {storageClassName: fast, resources: {requests: {storage: 5Gi}}}}"), Instant.now())))
                .isEqualTo("count/persistentvolumeclaims=1,fast.storageclass.storage.k8s.io/persistentvolumeclaims=1,"
                        + "fast.storageclass.storage.k8s.io/requests.storage=5Gi,persistentvolumeclaims=1,requests.storage=5Gi");
        assertThat(QuotaEvaluator.resourceOf("count/deployments.apps")).contains(new QuotaResource("apps", "deployments"));
        assertThat(QuotaEvaluator.resourceOf("requests.cpu")).contains(QuotaResource.PODS);
        assertThat(QuotaEvaluator.resourceOf("configmaps")).contains(new QuotaResource("", "configmaps"));
        assertThat(QuotaEvaluator.matchingResources(QuotaResource.PODS, List.of("pods", "services", "limits.cpu")))
                .containsExactly("pods", "limits.cpu");
    }

    @Test
    void mustSpecifyNamesMissingResourcesPerContainer() throws Exception {
        JsonNode pod = yaml("{spec: {containers: [{name: a, resources: {limits: {cpu: '1'}}}, {name: b}]}}");
        assertThat(QuotaEvaluator.podConstraints(List.of("limits.cpu", "limits.memory", "pods"), pod))
                .isEqualTo("must specify limits.cpu for: b; limits.memory for: a,b");
        assertThat(QuotaEvaluator.podConstraints(List.of("pods"), pod)).isNull();
    }
}
