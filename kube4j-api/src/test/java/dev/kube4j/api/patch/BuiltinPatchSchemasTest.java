package dev.kube4j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kube4j.apimachinery.patch.PatchSchema;
import dev.kube4j.apimachinery.patch.StrategicMergePatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinPatchSchemasTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static ObjectNode yaml(String s) throws Exception {
        return (ObjectNode) YAML.readTree(s);
    }

    private static void assertMerge(PatchSchema s, String path, String mergeKey, String... strategies) {
        PatchSchema f = s.at(path);
        assertThat(f.patchStrategies()).as(path).containsExactly(strategies);
        assertThat(f.patchMergeKey()).as(path).isEqualTo(mergeKey);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    @Test
    void podSpecEverywhereThereIsAPodTemplate() {
        String[][] templates = {
                {"", "Pod", "spec"},
                {"", "PodTemplate", "template.spec"},
                {"", "ReplicationController", "spec.template.spec"},
                {"apps", "Deployment", "spec.template.spec"},
                {"apps", "ReplicaSet", "spec.template.spec"},
                {"apps", "StatefulSet", "spec.template.spec"},
                {"apps", "DaemonSet", "spec.template.spec"},
                {"batch", "Job", "spec.template.spec"},
                {"batch", "CronJob", "spec.jobTemplate.spec.template.spec"},
        };
        for (String[] t : templates) {
            PatchSchema s = BuiltinPatchSchemas.forKind(t[0], t[1]);
            String p = t[2];
            for (String c : new String[]{"containers", "initContainers", "ephemeralContainers"}) {
                assertMerge(s, p + "." + c, "name", "merge");
                assertMerge(s, p + "." + c + ".ports", "containerPort", "merge");
                assertMerge(s, p + "." + c + ".env", "name", "merge");
                assertMerge(s, p + "." + c + ".volumeMounts", "mountPath", "merge");
                assertMerge(s, p + "." + c + ".volumeDevices", "devicePath", "merge");
            }
            assertMerge(s, p + ".volumes", "name", "merge", "retainKeys");
            assertMerge(s, p + ".imagePullSecrets", "name", "merge");
            assertMerge(s, p + ".hostAliases", "ip", "merge");
            assertMerge(s, p + ".topologySpreadConstraints", "topologyKey", "merge");
            assertMerge(s, p + ".schedulingGates", "name", "merge");
            assertMerge(s, p + ".resourceClaims", "name", "merge", "retainKeys");
            assertThat(s.at(p + ".tolerations").isEmpty()).isTrue();
            assertMerge(s, "metadata.finalizers", "", "merge");
            assertMerge(s, "metadata.ownerReferences", "uid", "merge");
            String templateMeta = p.substring(0, p.length() - "spec".length()) + "metadata";
            if (!t[1].equals("Pod")) {
                assertMerge(s, templateMeta + ".finalizers", "", "merge");
            }
        }
    }

    @Test
    void otherTaggedFields() {
        PatchSchema pod = BuiltinPatchSchemas.forKind("", "Pod");
        assertMerge(pod, "status.conditions", "type", "merge");
        assertMerge(pod, "status.podIPs", "ip", "merge");
        assertMerge(pod, "status.hostIPs", "ip", "merge");
        assertThat(pod.at("status.containerStatuses").isEmpty()).isTrue();
        assertMerge(BuiltinPatchSchemas.forKind("", "Service"), "spec.ports", "port", "merge");
        PatchSchema node = BuiltinPatchSchemas.forKind("", "Node");
        assertMerge(node, "status.addresses", "type", "merge");
        assertMerge(node, "status.conditions", "type", "merge");
        assertMerge(node, "spec.podCIDRs", "", "merge");
        assertThat(node.at("spec.taints").isEmpty()).isTrue();
        assertMerge(BuiltinPatchSchemas.forKind("", "ServiceAccount"), "secrets", "name", "merge");
        assertMerge(BuiltinPatchSchemas.forKind("", "Namespace"), "status.conditions", "type", "merge");
        assertMerge(BuiltinPatchSchemas.forKind("apps", "Deployment"), "spec.strategy", "", "retainKeys");
        assertMerge(BuiltinPatchSchemas.forKind("apps", "StatefulSet"), "status.conditions", "type", "merge");
        assertMerge(BuiltinPatchSchemas.forKind("batch", "Job"), "status.conditions", "type", "merge");
        assertMerge(BuiltinPatchSchemas.forKind("policy", "PodDisruptionBudget"), "spec.selector", "", "replace");
        assertMerge(BuiltinPatchSchemas.forKind("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
                "webhooks.matchConditions", "name", "merge");
    }

    @Test
    void tagLessKindsStillMergeMetadataAndUnknownKindsAreEmpty() {
        for (String[] k : new String[][]{{"", "ConfigMap"}, {"", "Secret"}, {"", "Endpoints"},
                {"coordination.k8s.io", "Lease"}, {"discovery.k8s.io", "EndpointSlice"}, {"events.k8s.io", "Event"},
                {"rbac.authorization.k8s.io", "Role"}, {"rbac.authorization.k8s.io", "ClusterRole"},
                {"rbac.authorization.k8s.io", "RoleBinding"}, {"rbac.authorization.k8s.io", "ClusterRoleBinding"}}) {
            assertThat(BuiltinPatchSchemas.isKnown(k[0], k[1])).as(k[1]).isTrue();
            assertMerge(BuiltinPatchSchemas.forKind(k[0], k[1]), "metadata.finalizers", "", "merge");
        }
        assertThat(BuiltinPatchSchemas.forKind("example.com", "Widget")).isSameAs(PatchSchema.empty());
        assertThat(BuiltinPatchSchemas.forKind("apps", "Pod")).isSameAs(PatchSchema.empty());
        assertThat(BuiltinPatchSchemas.forKind(null, "Pod")).isEqualTo(BuiltinPatchSchemas.forKind("", "Pod"));
        assertThat(BuiltinPatchSchemas.knownKinds()).contains("/Pod", "apps/Deployment", "batch/CronJob");
    }

    @Test
    void kubectlSetImageStylePatchOnADeployment() throws Exception {
        ObjectNode deploy = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: default}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.25
                        ports: [{containerPort: 80}]
                        env: [{name: MODE, value: prod}]
                      - name: log
                        image: busybox
                      volumes:
                      - {name: cache, emptyDir: {}}
                """);
        PatchSchema schema = BuiltinPatchSchemas.forKind("apps", "Deployment");

        ObjectNode image = StrategicMergePatch.apply(deploy,
                yaml("{spec: {template: {spec: {containers: [{name: web, image: 'nginx:1.27'}]}}}}"), schema);
        JsonNode containers = image.at("/spec/template/spec/containers");
        assertThat(names(containers)).containsExactly("web", "log");
        assertThat(containers.get(0).get("image").asText()).isEqualTo("nginx:1.27");
        assertThat(containers.get(0).get("env").size()).isEqualTo(1);

        ObjectNode env = StrategicMergePatch.apply(deploy,
                yaml("{spec: {template: {spec: {containers: [{name: web, env: [{name: DEBUG, value: '1'}]}]}}}}"), schema);
        assertThat(names(env.at("/spec/template/spec/containers/0/env"))).containsExactly("DEBUG", "MODE");

        ObjectNode port = StrategicMergePatch.apply(deploy,
                yaml("{spec: {template: {spec: {containers: [{name: web, ports: [{containerPort: 80, $patch: delete}]}]}}}}"),
                schema);
        assertThat(port.at("/spec/template/spec/containers/0/ports").size()).isZero();

        ObjectNode recreate = StrategicMergePatch.apply(deploy,
                yaml("{spec: {strategy: {$retainKeys: [type], type: Recreate}}}"), schema);
        assertThat(recreate.at("/spec/strategy").toString()).isEqualTo("{\"type\":\"Recreate\"}");

        ObjectNode volume = StrategicMergePatch.apply(deploy,
                yaml("{spec: {template: {spec: {volumes: [{name: cache, $retainKeys: [name, configMap], configMap: {name: c}}]}}}}"),
                schema);
        assertThat(volume.at("/spec/template/spec/volumes").toString())
                .isEqualTo("[{\"name\":\"cache\",\"configMap\":{\"name\":\"c\"}}]");
    }

    @Test
    void servicePortsAndNodeAddressesMergeByKey() throws Exception {
        ObjectNode svc = yaml("{spec: {ports: [{port: 80, targetPort: 8080}, {port: 443, targetPort: 8443}]}}");
        ObjectNode out = StrategicMergePatch.apply(svc, yaml("{spec: {ports: [{port: 443, targetPort: 9443}]}}"),
                BuiltinPatchSchemas.forKind("", "Service"));
        assertThat(out.at("/spec/ports").toString())
                .isEqualTo("[{\"port\":80,\"targetPort\":8080},{\"port\":443,\"targetPort\":9443}]");

        ObjectNode node = yaml("{status: {addresses: [{type: InternalIP, address: 10.0.0.1}, {type: Hostname, address: n1}]}}");
        ObjectNode patched = StrategicMergePatch.apply(node, yaml("{status: {addresses: [{type: InternalIP, address: 10.0.0.2}]}}"),
                BuiltinPatchSchemas.forKind("", "Node"));
        assertThat(patched.at("/status/addresses").toString())
                .isEqualTo("[{\"type\":\"InternalIP\",\"address\":\"10.0.0.2\"},{\"type\":\"Hostname\",\"address\":\"n1\"}]");
    }
}
