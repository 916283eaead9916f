package dev.kube4j.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.autoscaling.HorizontalPodAutoscalerV1Strategy;
import dev.kube4j.api.autoscaling.HpaVersions;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.strategy.TableColumn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.kube4j.api.CoreKindsTest.create;
import static dev.kube4j.api.CoreKindsTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

/** Defaults, validation and printed columns of the autoscaling … admissionregistration kinds. */
class ApiGroupKindsTest {

    @BeforeEach
    void fixClock() {
        HumanDuration.setClock(Clock.fixed(Instant.parse("2025-02-04T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void resetClock() {
        HumanDuration.setClock(null);
    }

    private static ObjectNode created(String key) {
        return create(key, Fixtures.fixture(key));
    }

    private static ResourceStrategy strategy(String key) {
        return AllKindsTest.strategy(key);
    }

    private static ObjectNode json(String s) {
        return Fixtures.json(s);
    }

    @Test
    void horizontalPodAutoscalerDefaultsValidatesAndPrints() {
        String key = "autoscaling/horizontalpodautoscalers";
        ObjectNode hpa = created(key);
        assertThat(hpa.at("/spec/behavior/scaleDown/stabilizationWindowSeconds").asInt()).isEqualTo(60);
        assertThat(hpa.at("/spec/behavior/scaleDown/selectPolicy").asText()).isEqualTo("Max");
        assertThat(hpa.at("/spec/behavior/scaleUp/policies").toString())
                .isEqualTo("[{\"type\":\"Pods\",\"value\":4,\"periodSeconds\":15},{\"type\":\"Percent\",\"value\":100,\"periodSeconds\":15}]");
        assertThat(hpa.at("/status").toString()).isEqualTo("{\"desiredReplicas\":0}");
        assertThat(strategy(key).columns()).extracting(TableColumn::name)
                .containsExactly("Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age");
        assertThat(strategy(key).cells(hpa)).containsExactly("web", "Deployment/web", "cpu: <unknown>/80%, <unknown>/10", "2", 5L, 0L, "400d");

        ObjectNode bare = create(key, json("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"a","namespace":"default"},
                 "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":3}}"""));
        assertThat(bare.at("/spec/minReplicas").asInt()).isEqualTo(1);
        assertThat(bare.at("/spec/metrics").toString())
                .isEqualTo("[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":80}}}]");
        assertThat(bare.has("behavior")).isFalse();

        ObjectNode bad = create(key, json("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"a","namespace":"default"},
                 "spec":{"scaleTargetRef":{"kind":"Deployment"},"minReplicas":0,"maxReplicas":0,
                 "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":0}}},
                  {"type":"Foo"}]}}"""));
        assertThat(messages(strategy(key).validate(bad))).containsExactly(
                "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
                "spec.maxReplicas: Invalid value: 0: must be greater than 0",
                "spec.scaleTargetRef.name: Required value",
                "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
                "spec.metrics[1].type: Unsupported value: \"Foo\": supported values: \"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\"");
    }

    @Test
    void autoscalingV1RoundTripsThroughV2() {
        HorizontalPodAutoscalerV1Strategy v1 = new HorizontalPodAutoscalerV1Strategy();
        ObjectNode asV1 = json("""
                {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"default"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":5,
                 "targetCPUUtilizationPercentage":70}}""");
        v1.applyDefaults(asV1);
        v1.prepareForCreate(asV1);
        assertThat(asV1.at("/spec/minReplicas").asInt()).isEqualTo(1);
        assertThat(asV1.at("/status").toString()).isEqualTo("{\"currentReplicas\":0,\"desiredReplicas\":0}");
        ObjectNode stored = v1.convert(asV1, HpaVersions.V2);
        assertThat(stored.at("/apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(stored.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);
        assertThat(v1.cells(asV1)).containsExactly("web", "Deployment/web", "cpu: <unknown>/70%", "1", 5L, 0L, "<unknown>");

        // What v1 cannot say travels in annotations and comes back.
        ObjectNode v2 = created("autoscaling/horizontalpodautoscalers");
        ObjectNode served = v1.convert(v2, HpaVersions.V1);
        assertThat(served.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(80);
        assertThat(served.at("/metadata/annotations/autoscaling.alpha.kubernetes.io~1metrics").asText())
                .isEqualTo("[{\"type\":\"Pods\",\"pods\":{\"metricName\":\"rps\",\"targetAverageValue\":\"10\"}}]");
        assertThat(served.at("/metadata/annotations/autoscaling.alpha.kubernetes.io~1behavior").asText()).contains("\"stabilizationWindowSeconds\":60");
        ObjectNode back = v1.convert(served, HpaVersions.V2);
        assertThat(back.at("/metadata").has("annotations")).isFalse();
        assertThat(back.at("/spec/metrics/0/pods").toString()).isEqualTo("{\"metric\":{\"name\":\"rps\"},\"target\":{\"type\":\"AverageValue\",\"averageValue\":\"10\"}}");
        assertThat(back.at("/spec/metrics/1/resource/target/averageUtilization").asInt()).isEqualTo(80);
        assertThat(back.at("/spec/behavior").toString()).isEqualTo(v2.at("/spec/behavior").toString());
        ObjectNode metrics = json("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"q","namespace":"default"},
                 "spec":{"scaleTargetRef":{"kind":"Deployment","name":"q"},"maxReplicas":3,"metrics":[
                  {"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"q":"jobs"}}},"target":{"type":"Value","value":"30"}}},
                  {"type":"Object","object":{"describedObject":{"kind":"Ingress","name":"main"},"metric":{"name":"rps"},"target":{"type":"AverageValue","averageValue":"2k"}}}]},
                 "status":{"desiredReplicas":1,"currentMetrics":[{"type":"External","external":{"metric":{"name":"queue"},"current":{"value":"12"}}}]}}""");
        ObjectNode metricsV1 = v1.convert(metrics, HpaVersions.V1);
        assertThat(metricsV1.at("/metadata/annotations/autoscaling.alpha.kubernetes.io~1current-metrics").asText())
                .isEqualTo("[{\"type\":\"External\",\"external\":{\"metricName\":\"queue\",\"currentValue\":\"12\"}}]");
        ObjectNode metricsBack = v1.convert(metricsV1, HpaVersions.V2);
        assertThat(metricsBack.at("/spec/metrics").toString()).isEqualTo(metrics.at("/spec/metrics").toString());
        assertThat(metricsBack.at("/status/currentMetrics").toString()).isEqualTo(metrics.at("/status/currentMetrics").toString());
        assertThat(messages(v1.validate(json("""
                {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"default"},
                 "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5,"targetCPUUtilizationPercentage":0}}"""))))
                .containsExactly("spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0");
    }

    @Test
    void podDisruptionBudget() {
        String key = "policy/poddisruptionbudgets";
        ObjectNode pdb = created(key);
        assertThat(pdb.at("/status").toString()).isEqualTo("{\"disruptionsAllowed\":0,\"currentHealthy\":0,\"desiredHealthy\":0,\"expectedPods\":0}");
        assertThat(strategy(key).cells(pdb)).containsExactly("web-pdb", "50%", "N/A", 0L, "400d");
        ObjectNode both = create(key, json("""
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"x","namespace":"default"},
                 "spec":{"minAvailable":"150%","maxUnavailable":1,"unhealthyPodEvictionPolicy":"Sometimes"}}"""));
        assertThat(messages(strategy(key).validate(both))).satisfiesExactly(
                m -> assertThat(m).startsWith("spec: Invalid value: policy.PodDisruptionBudgetSpec{").endsWith("minAvailable and maxUnavailable cannot be both set"),
                m -> assertThat(m).isEqualTo("spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"),
                m -> assertThat(m).isEqualTo("spec.unhealthyPodEvictionPolicy: Unsupported value: \"Sometimes\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\""));
    }

    @Test
    void ingressesClassesAndNetworkPolicies() {
        String key = "networking.k8s.io/ingresses";
        assertThat(strategy(key).cells(created(key))).containsExactly("simple", "nginx", "foo.com", "", "80, 443", "400d");
        ObjectNode bad = create(key, json("""
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"x","namespace":"default"},
                 "spec":{"rules":[{"host":"10.0.0.1","http":{"paths":[{"path":"bar","pathType":"Prefix","backend":{"service":{"name":"s"}}},
                  {"path":"/","backend":{}}]}}]}}"""));
        assertThat(messages(strategy(key).validate(bad))).containsExactly(
                "spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address",
                "spec.rules[0].http.paths[0].path: Invalid value: \"bar\": must be an absolute path",
                "spec.rules[0].http.paths[0].backend.service.port: Required value: port name or number is required",
                "spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified",
                "spec.rules[0].http.paths[1].backend: Invalid value: \"\": resource or service backend is required");
        ObjectNode none = create(key, json("""
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"x","namespace":"default"},"spec":{}}"""));
        assertThat(messages(strategy(key).validate(none))).singleElement().asString().endsWith("either `defaultBackend` or `rules` must be specified");

        String classes = "networking.k8s.io/ingressclasses";
        assertThat(strategy(classes).cells(created(classes))).containsExactly("nginx", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/p", "400d");

        String policies = "networking.k8s.io/networkpolicies";
        ObjectNode np = created(policies);
        assertThat(np.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
        assertThat(np.at("/spec/ingress/0/ports/0/protocol").asText()).isEqualTo("TCP");
        assertThat(strategy(policies).cells(np)).containsExactly("db", "role=db", "400d");
    }

    @Test
    void storageClassesAndCsiKinds() {
        String key = "storage.k8s.io/storageclasses";
        ObjectNode sc = created(key);
        assertThat(sc.get("reclaimPolicy").asText()).isEqualTo("Delete");
        assertThat(strategy(key).cells(sc)).containsExactly("local (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", true, "400d");
        assertThat(strategy(key).columns()).extracting(TableColumn::name)
                .containsExactly("Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age");
        ObjectNode bare = create(key, json("{\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\",\"metadata\":{\"name\":\"b\"},\"provisioner\":\"p\"}"));
        assertThat(bare.get("volumeBindingMode").asText()).isEqualTo("Immediate");
        ObjectNode changed = sc.deepCopy().put("provisioner", "other");
        assertThat(messages(strategy(key).validateUpdate(changed, sc))).containsExactly("provisioner: Forbidden: updates to provisioner are forbidden.");

        String drivers = "storage.k8s.io/csidrivers";
        ObjectNode driver = created(drivers);
        assertThat(driver.at("/spec/attachRequired").asBoolean()).isTrue();
        assertThat(driver.at("/spec/fsGroupPolicy").asText()).isEqualTo("ReadWriteOnceWithFSType");
        assertThat(strategy(drivers).cells(driver)).containsExactly("hostpath.csi.k8s.io", true, true, false, "vault", false, "Persistent", "400d");
        assertThat(strategy("storage.k8s.io/csinodes").cells(created("storage.k8s.io/csinodes"))).containsExactly("node1", 1L, "400d");
        String attachments = "storage.k8s.io/volumeattachments";
        ObjectNode va = created(attachments);
        assertThat(strategy(attachments).cells(va)).containsExactly("csi-123", "hostpath.csi.k8s.io", "pv1", "node1", true, "400d");
        ObjectNode moved = va.deepCopy();
        moved.with("spec").put("nodeName", "node2");
        assertThat(messages(strategy(attachments).validateUpdate(moved, va))).singleElement().asString().endsWith("field is immutable");
    }

    @Test
    void priorityClassesReserveSystemNamesAndValues() {
        String key = "scheduling.k8s.io/priorityclasses";
        ObjectNode pc = created(key);
        assertThat(pc.get("preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");
        assertThat(strategy(key).cells(pc)).containsExactly("high", 1000L, false, "400d", "PreemptLowerPriority");
        ObjectNode tooHigh = create(key, json("{\"apiVersion\":\"scheduling.k8s.io/v1\",\"kind\":\"PriorityClass\",\"metadata\":{\"name\":\"x\"},\"value\":1000000001}"));
        assertThat(messages(strategy(key).validate(tooHigh))).containsExactly("value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
        ObjectNode system = create(key, json("{\"apiVersion\":\"scheduling.k8s.io/v1\",\"kind\":\"PriorityClass\",\"metadata\":{\"name\":\"system-node-critical\"},\"value\":5}"));
        assertThat(messages(strategy(key).validate(system))).containsExactly(
                "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000");
        ObjectNode genuine = create(key, json("{\"apiVersion\":\"scheduling.k8s.io/v1\",\"kind\":\"PriorityClass\",\"metadata\":{\"name\":\"system-cluster-critical\"},\"value\":2000000000}"));
        assertThat(strategy(key).validate(genuine)).isEmpty();
        ObjectNode zero = create(key, json("{\"apiVersion\":\"scheduling.k8s.io/v1\",\"kind\":\"PriorityClass\",\"metadata\":{\"name\":\"z\"}}"));
        assertThat(zero.get("value").asLong()).isZero();
        ObjectNode raised = pc.deepCopy().put("value", 2000);
        assertThat(messages(strategy(key).validateUpdate(raised, pc))).containsExactly("value: Forbidden: may not be changed in an update.");
    }

    @Test
    void certificateSigningRequests() {
        String key = "certificates.k8s.io/certificatesigningrequests";
        ResourceStrategy s = strategy(key);
        ObjectNode csr = created(key);
        assertThat(s.columns()).extracting(TableColumn::name)
                .containsExactly("Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition");
        assertThat(s.cells(csr)).containsExactly("jane", "400d", "kubernetes.io/kube-apiserver-client", "kubernetes-admin", "24h", "Pending");

        ObjectNode approved = csr.deepCopy();
        approved.with("spec").put("username", "mallory");
        approved.with("status").putArray("conditions").addObject().put("type", "Approved").put("status", "True").put("reason", "KubectlApprove");
        s.prepareForStatusUpdate(approved, csr);
        assertThat(approved.at("/spec/username").asText()).isEqualTo("kubernetes-admin");
        assertThat(approved.at("/status/conditions/0/lastUpdateTime").asText()).isNotEmpty();
        assertThat(approved.at("/status/conditions/0/lastTransitionTime").asText()).isNotEmpty();
        assertThat(s.validateUpdate(approved, csr)).isEmpty();
        assertThat(s.cells(approved).get(5)).isEqualTo("Approved");

        ObjectNode both = approved.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) both.at("/status/conditions")).addObject().put("type", "Denied").put("status", "False");
        assertThat(messages(s.validateUpdate(both, csr))).containsExactly(
                "status.conditions[1].status: Unsupported value: \"False\": supported values: \"True\"",
                "status.conditions: Invalid value: []certificates.CertificateSigningRequestCondition{...}: Approved and Denied conditions are mutually exclusive");

        ObjectNode bad = create(key, json("""
                {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"b"},
                 "spec":{"request":"aGk=","signerName":"example","expirationSeconds":60,"usages":["client auth","client auth"]}}"""));
        assertThat(messages(s.validate(bad))).containsExactly(
                "spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST",
                "spec.usages[1]: Duplicate value: \"client auth\"",
                "spec.signerName: Invalid value: \"example\": must be a fully qualified domain and path of the form 'example.com/signer-name'",
                "spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)");
    }

    @Test
    void runtimeClassesAndAdmissionRegistration() {
        String rc = "node.k8s.io/runtimeclasses";
        ObjectNode gvisor = created(rc);
        assertThat(strategy(rc).cells(gvisor)).containsExactly("gvisor", "runsc", "400d");
        ObjectNode renamed = gvisor.deepCopy().put("handler", "kata");
        assertThat(messages(strategy(rc).validateUpdate(renamed, gvisor))).containsExactly("handler: Invalid value: \"kata\": field is immutable");

        String mutating = "admissionregistration.k8s.io/mutatingwebhookconfigurations";
        ObjectNode hook = created(mutating);
        assertThat(hook.at("/webhooks/0/reinvocationPolicy").asText()).isEqualTo("Never");
        assertThat(hook.at("/webhooks/0/clientConfig/service/port").asInt()).isEqualTo(443);
        assertThat(hook.at("/webhooks/0/rules/0/scope").asText()).isEqualTo("*");
        assertThat(strategy(mutating).cells(hook)).containsExactly("inject", 1L, "400d");
        ObjectNode broken = create(mutating, json("""
                {"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"b"},
                 "webhooks":[{"name":"short","clientConfig":{}}]}"""));
        assertThat(messages(strategy(mutating).validate(broken))).containsExactly(
                "webhooks[0].name: Invalid value: \"short\": should be a domain with at least three segments separated by dots",
                "webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun",
                "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1",
                "webhooks[0].clientConfig: Required value: exactly one of url or service is required");

        String policies = "admissionregistration.k8s.io/validatingadmissionpolicies";
        ObjectNode vap = created(policies);
        assertThat(vap.at("/spec/failurePolicy").asText()).isEqualTo("Fail");
        assertThat(vap.at("/spec/matchConstraints/matchPolicy").asText()).isEqualTo("Equivalent");
        assertThat(strategy(policies).cells(vap)).containsExactly("replicas", 1L, "v1/ConfigMap", "400d");
        String bindings = "admissionregistration.k8s.io/validatingadmissionpolicybindings";
        assertThat(strategy(bindings).cells(created(bindings))).containsExactly("replicas", "replicas", "default/limits", "400d");
    }

    @Test
    void accessReviewsValidateAsUpstream() {
        ResourceStrategy sar = strategy("authorization.k8s.io/subjectaccessreviews");
        assertThat(messages(sar.validate(json("{\"spec\":{}}")))).containsExactly(
                "spec.resourceAttributes: Invalid value: (*authorization.NonResourceAttributes)(nil): exactly one of nonResourceAttributes or resourceAttributes must be specified",
                "spec.user: Invalid value: \"\": at least one of user or group must be specified");
        assertThat(messages(sar.validate(json("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"user\":\"u\",\"nonResourceAttributes\":{}}}"))))
                .singleElement().asString().startsWith("metadata: Invalid value: v1.ObjectMeta{").endsWith("must be empty");
        ResourceStrategy local = strategy("authorization.k8s.io/localsubjectaccessreviews");
        assertThat(messages(local.validate(json("""
                {"metadata":{"namespace":"a"},"spec":{"user":"u","resourceAttributes":{"namespace":"b"}}}"""))))
                .containsExactly("spec.resourceAttributes.namespace: Invalid value: \"b\": must match metadata.namespace");
    }
}
