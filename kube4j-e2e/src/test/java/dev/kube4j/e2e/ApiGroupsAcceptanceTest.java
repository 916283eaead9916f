package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The API groups beyond core, apps and batch, driven with the real kubectl: autoscaling v1/v2,
 * policy, networking, storage, scheduling, certificates, node, admissionregistration and the
 * authentication/authorization reviews behind {@code kubectl auth}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiGroupsAcceptanceTest {

    /** A real PKCS#10 request (CN=jane, O=dev), base64 of its PEM as spec.request carries it. */
    private static final String CSR_REQUEST = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIWU1IOENBUUF3SFRFTk1Bc0dBMVVFQXd3RWFtRnVaVEVNTUFvR0ExVUVDZ3dEWkdWMk1Ga3dFd1lIS29aSQp6ajBDQVFZSUtvWkl6ajBEQVFjRFFnQUU0c1VnWGUydVhkMVFXOUZ1YytHWS81S3BMOUhqeFlFajNGWXphS0ZRCkFCaEtSbjhPY3dDVmZNVGZGa01pQ1BrSk1WeHFxbmR2TlJPamtPRzNlSzhsSHFBQU1Bb0dDQ3FHU000OUJBTUMKQTBrQU1FWUNJUUNSUjVuSk5BSFYxSk9pbU1xdmdNOTFNd2dTUDhHTjlEZElUclkwUENWN09nSWhBTFZxMDRUTwpuZ3ZwNHZvZjU1OGNjdUplS3ltc3BZbGtzemFvc29samlXdXoKLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==";

    private static final List<String> GROUP_VERSIONS = List.of("apps/v1", "batch/v1", "autoscaling/v2", "autoscaling/v1",
            "policy/v1", "networking.k8s.io/v1", "storage.k8s.io/v1", "scheduling.k8s.io/v1", "certificates.k8s.io/v1",
            "node.k8s.io/v1", "admissionregistration.k8s.io/v1", "authentication.k8s.io/v1", "authorization.k8s.io/v1",
            "coordination.k8s.io/v1", "discovery.k8s.io/v1", "events.k8s.io/v1", "rbac.authorization.k8s.io/v1");

    private TestCluster cluster;
    private Kubectl kubectl;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.DEFAULT), "kubectl is not installed");
        cluster = TestCluster.start();
        kubectl = cluster.kubectl();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Kubectl version(int minor) {
        Path p = Kubectl.SDK_DIR.resolve("kubectl.1." + minor);
        assumeTrue(Files.isExecutable(p), p + " is not installed");
        return cluster.kubectl(p);
    }

    private String apply(String yaml) {
        return kubectl.runWithInput(yaml, "apply", "-f", "-").ok().out();
    }

    @Test
    void discoveryAnswersForEveryGroupAndVersion() {
        String apis = kubectl.run("get", "--raw", "/apis").ok().out();
        for (String gv : GROUP_VERSIONS) {
            String group = gv.substring(0, gv.indexOf('/'));
            assertThat(apis).contains("\"groupVersion\":\"" + gv + "\"");
            assertThat(kubectl.run("get", "--raw", "/apis/" + group).ok().out()).contains("\"kind\":\"APIGroup\"");
            assertThat(kubectl.run("get", "--raw", "/apis/" + gv).ok().out()).contains("\"kind\":\"APIResourceList\"");
        }
        assertThat(kubectl.run("get", "--raw", "/apis/authorization.k8s.io/v1").ok().out())
                .contains("{\"name\":\"subjectaccessreviews\",\"singularName\":\"subjectaccessreview\",\"namespaced\":false,"
                        + "\"kind\":\"SubjectAccessReview\",\"verbs\":[\"create\"]}");
        assertThat(kubectl.run("get", "--raw", "/apis/autoscaling").ok().out())
                .contains("\"preferredVersion\":{\"groupVersion\":\"autoscaling/v2\"");
        String wide = kubectl.run("api-resources", "-o", "wide").ok().out();
        assertThat(wide)
                .containsPattern("horizontalpodautoscalers\\s+hpa\\s+autoscaling/v2\\s+true\\s+HorizontalPodAutoscaler\\s+create,delete,deletecollection,get,list,patch,update,watch\\s+all")
                .containsPattern("poddisruptionbudgets\\s+pdb\\s+policy/v1\\s+true\\s+PodDisruptionBudget")
                .containsPattern("ingresses\\s+ing\\s+networking.k8s.io/v1\\s+true\\s+Ingress")
                .containsPattern("networkpolicies\\s+netpol\\s+networking.k8s.io/v1")
                .containsPattern("storageclasses\\s+sc\\s+storage.k8s.io/v1\\s+false\\s+StorageClass")
                .containsPattern("priorityclasses\\s+pc\\s+scheduling.k8s.io/v1\\s+false")
                .containsPattern("certificatesigningrequests\\s+csr\\s+certificates.k8s.io/v1\\s+false")
                .containsPattern("runtimeclasses\\s+node.k8s.io/v1\\s+false\\s+RuntimeClass")
                .containsPattern("validatingwebhookconfigurations\\s+admissionregistration.k8s.io/v1\\s+false\\s+ValidatingWebhookConfiguration\\s+\\S+\\s+api-extensions")
                .containsPattern("selfsubjectaccessreviews\\s+authorization.k8s.io/v1\\s+false\\s+SelfSubjectAccessReview\\s+create")
                .containsPattern("selfsubjectreviews\\s+authentication.k8s.io/v1\\s+false\\s+SelfSubjectReview\\s+create")
                .containsPattern("localsubjectaccessreviews\\s+authorization.k8s.io/v1\\s+true\\s+LocalSubjectAccessReview\\s+create");
    }

    @Test
    void autoscaleServesV1AndV2FromOneStorage() {
        kubectl.run("create", "deployment", "web", "--image=nginx:1.25").ok();
        assertThat(kubectl.run("autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=80").ok().out())
                .contains("horizontalpodautoscaler.autoscaling/web autoscaled");
        assertThat(kubectl.run("get", "hpa").ok().out())
                .containsPattern("NAME\\s+REFERENCE\\s+TARGETS\\s+MINPODS\\s+MAXPODS\\s+REPLICAS\\s+AGE")
                .containsPattern("web\\s+Deployment/web\\s+cpu: <unknown>/80%\\s+2\\s+5\\s+0");
        assertThat(kubectl.run("get", "horizontalpodautoscalers.v1.autoscaling", "web", "-o", "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}")
                .ok().out()).isEqualTo("autoscaling/v1 80");
        assertThat(kubectl.run("get", "horizontalpodautoscalers.v2.autoscaling", "web", "-o", "jsonpath={.apiVersion} {.spec.metrics[0].resource.target.averageUtilization}")
                .ok().out()).isEqualTo("autoscaling/v2 80");
        kubectl.run("patch", "horizontalpodautoscalers.v1.autoscaling", "web", "-p", "{\"spec\":{\"targetCPUUtilizationPercentage\":60}}").ok();
        assertThat(kubectl.run("get", "horizontalpodautoscalers.v2.autoscaling", "web", "-o", "jsonpath={.spec.metrics[0].resource.target.averageUtilization}")
                .ok().out()).isEqualTo("60");
        // a second metric survives a v1 read-modify-write in v1's annotations
        kubectl.run("patch", "horizontalpodautoscalers.v2.autoscaling", "web", "--type=json", "-p",
                "[{\"op\":\"add\",\"path\":\"/spec/metrics/-\",\"value\":{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"target\":{\"type\":\"AverageValue\",\"averageValue\":\"500Mi\"}}}}]").ok();
        kubectl.run("label", "horizontalpodautoscalers.v1.autoscaling", "web", "tier=front").ok();
        // as upstream, the v1 write puts the annotation's metrics before the cpu target
        assertThat(kubectl.run("get", "hpa", "web").ok().out()).contains("memory: <unknown>/500Mi, cpu: <unknown>/60%");
        assertThat(kubectl.run("get", "horizontalpodautoscalers.v1.autoscaling", "web", "-o", "yaml").ok().out())
                .contains("autoscaling.alpha.kubernetes.io/metrics").contains("targetCPUUtilizationPercentage: 60");
        Kubectl.Result bad = kubectl.runWithInput("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: bad}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  maxReplicas: 0
                """, "create", "-f", "-");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("spec.maxReplicas: Invalid value: 0: must be greater than 0");

        String all = kubectl.run("get", "all").ok().out();
        assertThat(all).contains("deployment.apps/web").contains("horizontalpodautoscaler.autoscaling/web");
    }

    @Test
    void podDisruptionBudgetsIngressesAndPriorityClassesWithKubectl133() {
        Kubectl k133 = version(33);
        assertThat(k133.run("create", "poddisruptionbudget", "web-pdb", "--selector=app=web", "--min-available=1").ok().out())
                .contains("poddisruptionbudget.policy/web-pdb created");
        assertThat(kubectl.run("get", "pdb").ok().out())
                .containsPattern("NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE")
                .containsPattern("web-pdb\\s+1\\s+N/A\\s+0");
        assertThat(k133.run("create", "ingress", "simple", "--rule=foo.com/bar=svc1:8080").ok().out())
                .contains("ingress.networking.k8s.io/simple created");
        assertThat(kubectl.run("get", "ing").ok().out())
                .containsPattern("NAME\\s+CLASS\\s+HOSTS\\s+ADDRESS\\s+PORTS\\s+AGE")
                .containsPattern("simple\\s+<none>\\s+foo.com\\s+80");
        assertThat(kubectl.run("get", "ingress", "simple", "-o", "jsonpath={.spec.rules[0].http.paths[0].pathType}").ok().out())
                .isEqualTo("Exact");
        assertThat(k133.run("create", "priorityclass", "high", "--value=1000", "--description=important").ok().out())
                .contains("priorityclass.scheduling.k8s.io/high created");
        Kubectl.Result reserved = kubectl.run("create", "priorityclass", "too-high", "--value=2000000000");
        assertThat(reserved.exitCode()).isNotZero();
        assertThat(reserved.err()).contains("value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
        kubectl.run("create", "priorityclass", "first-default", "--value=5", "--global-default").ok();
        Kubectl.Result second = kubectl.run("create", "priorityclass", "second-default", "--value=6", "--global-default");
        assertThat(second.err()).contains("priorityclasses.scheduling.k8s.io \"second-default\" is forbidden: "
                + "PriorityClass first-default is already marked as default. Only one default can exist");
        Kubectl.Result system = kubectl.run("create", "priorityclass", "system-mine", "--value=10");
        assertThat(system.err()).contains("priority class names with 'system-' prefix are reserved for system use only");
    }

    @Test
    void systemPriorityClassesExistAfterStart() {
        assertThat(kubectl.run("get", "pc").ok().out())
                .containsPattern("NAME\\s+VALUE\\s+GLOBAL-DEFAULT\\s+AGE\\s+PREEMPTIONPOLICY")
                .containsPattern("system-cluster-critical\\s+2000000000\\s+false\\s+\\S+\\s+PreemptLowerPriority")
                .containsPattern("system-node-critical\\s+2000001000\\s+false");
    }

    @Test
    void storageAndNodeAndAdmissionKindsAreStoredAndPrinted() {
        apply("""
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata:
                  name: local
                  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
                provisioner: rancher.io/local-path
                ---
                apiVersion: storage.k8s.io/v1
                kind: CSIDriver
                metadata: {name: hostpath.csi.k8s.io}
                spec: {}
                ---
                apiVersion: node.k8s.io/v1
                kind: RuntimeClass
                metadata: {name: gvisor}
                handler: runsc
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all}
                spec: {podSelector: {}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata: {name: nginx}
                spec: {controller: k8s.io/ingress-nginx}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: check}
                webhooks:
                - name: check.example.com
                  clientConfig: {url: "https://example.com/check"}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """);
        assertThat(kubectl.run("get", "sc").ok().out())
                .containsPattern("NAME\\s+PROVISIONER\\s+RECLAIMPOLICY\\s+VOLUMEBINDINGMODE\\s+ALLOWVOLUMEEXPANSION\\s+AGE")
                .containsPattern("local \\(default\\)\\s+rancher.io/local-path\\s+Delete\\s+Immediate\\s+false");
        assertThat(kubectl.run("get", "csidrivers").ok().out()).containsPattern("hostpath.csi.k8s.io\\s+true\\s+false\\s+false\\s+<unset>\\s+false\\s+Persistent");
        assertThat(kubectl.run("get", "runtimeclass").ok().out()).containsPattern("NAME\\s+HANDLER\\s+AGE").containsPattern("gvisor\\s+runsc");
        assertThat(kubectl.run("get", "netpol").ok().out()).containsPattern("NAME\\s+POD-SELECTOR\\s+AGE").containsPattern("deny-all\\s+<none>");
        assertThat(kubectl.run("get", "ingressclass").ok().out()).containsPattern("nginx\\s+k8s.io/ingress-nginx\\s+<none>");
        assertThat(kubectl.run("get", "validatingwebhookconfigurations").ok().out()).containsPattern("NAME\\s+WEBHOOKS\\s+AGE").containsPattern("check\\s+1");
        assertThat(kubectl.run("get", "validatingwebhookconfiguration", "check", "-o", "jsonpath={.webhooks[0].failurePolicy} {.webhooks[0].timeoutSeconds}")
                .ok().out()).isEqualTo("Fail 10");
        Kubectl.Result badClass = kubectl.runWithInput("""
                {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"bad"},"provisioner":"x","reclaimPolicy":"Keep"}
                """, "create", "-f", "-");
        assertThat(badClass.err()).contains("reclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\"");
    }

    @Test
    void certificateApproveAndDeny() {
        for (String name : List.of("jane", "joe")) {
            kubectl.runWithInput("""
                    apiVersion: certificates.k8s.io/v1
                    kind: CertificateSigningRequest
                    metadata: {name: %s}
                    spec:
                      request: %s
                      signerName: kubernetes.io/kube-apiserver-client
                      expirationSeconds: 86400
                      usages: [client auth]
                    """.formatted(name, CSR_REQUEST), "create", "-f", "-").ok();
        }
        assertThat(kubectl.run("get", "csr").ok().out())
                .containsPattern("NAME\\s+AGE\\s+SIGNERNAME\\s+REQUESTOR\\s+REQUESTEDDURATION\\s+CONDITION")
                .containsPattern("jane\\s+\\S+\\s+kubernetes.io/kube-apiserver-client\\s+kubernetes-admin\\s+24h\\s+Pending");
        assertThat(kubectl.run("certificate", "approve", "jane").ok().out()).contains("certificatesigningrequest.certificates.k8s.io/jane approved");
        assertThat(version(33).run("certificate", "deny", "joe").ok().out()).contains("certificatesigningrequest.certificates.k8s.io/joe denied");
        String csrs = kubectl.run("get", "csr").ok().out();
        assertThat(csrs).containsPattern("jane\\s+.*Approved").containsPattern("joe\\s+.*Denied");
        assertThat(kubectl.run("get", "csr", "jane", "-o", "jsonpath={.status.conditions[0].reason} {.spec.groups}").ok().out())
                .startsWith("KubectlApprove").contains("system:masters");
    }

    @Test
    void authCanIAndWhoAmI() {
        assertThat(kubectl.run("auth", "can-i", "create", "pods").ok().out().strip()).isEqualTo("yes");
        assertThat(kubectl.run("auth", "can-i", "delete", "nodes", "--as-group=system:masters", "--as=x").exitCode()).isZero();
        assertThat(kubectl.run("auth", "can-i", "--list").ok().out())
                .containsPattern("Resources\\s+Non-Resource URLs\\s+Resource Names\\s+Verbs")
                .containsPattern("\\*\\.\\*\\s+\\[\\]\\s+\\[\\]\\s+\\[\\*\\]");
        assertThat(kubectl.run("auth", "whoami").ok().out())
                .containsPattern("Username\\s+kubernetes-admin")
                .containsPattern("Groups\\s+\\[system:masters system:authenticated\\]");
        // --raw: kubectl's client-side validation of a kind without PATCH looks for CRDs, which another part serves
        String sar = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
        assertThat(kubectl.runWithInput("""
                {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
                 "spec":{"user":"jane","resourceAttributes":{"verb":"get","resource":"pods","namespace":"default"}}}
                """, "create", "--raw", sar, "-f", "-").ok().out()).contains("\"status\":{\"allowed\":true}");
        Kubectl.Result invalid = kubectl.runWithInput("""
                {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"jane"}}
                """, "create", "--raw", sar, "-f", "-");
        assertThat(invalid.err()).contains("spec.resourceAttributes: Invalid value")
                .contains("exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }

    @Test
    void explainAndStrictValidationCoverTheNewKinds() {
        assertThat(kubectl.run("explain", "hpa.spec").ok().out()).contains("scaleTargetRef").contains("maxReplicas");
        assertThat(kubectl.run("explain", "pdb.spec.minAvailable").ok().out()).contains("minAvailable");
        Kubectl.Result strict = kubectl.runWithInput("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: typo}
                spec: {minAvailabel: 1}
                """, "create", "--validate=strict", "-f", "-");
        assertThat(strict.exitCode()).isNotZero();
        assertThat(strict.err()).contains("unknown field \"spec.minAvailabel\"");
    }

    @Test
    void olderKubectlCreatesAndGetsTheNewKinds() {
        Kubectl k127 = version(27);
        k127.runWithInput("""
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: batch-low}
                value: 10
                preemptionPolicy: Never
                """, "create", "-f", "-").ok();
        assertThat(k127.run("get", "pc", "batch-low").ok().out()).containsPattern("batch-low\\s+10\\s+false\\s+\\S+\\s+Never");
        k127.run("create", "deployment", "api", "--image=nginx").ok();
        assertThat(k127.run("autoscale", "deployment", "api", "--max=3").ok().out()).contains("autoscaled");
        assertThat(k127.run("get", "hpa", "api").ok().out()).containsPattern("api\\s+Deployment/api\\s+cpu: <unknown>/80%\\s+1\\s+3");
        assertThat(k127.run("auth", "can-i", "list", "secrets").ok().out().strip()).isEqualTo("yes");
    }
}
