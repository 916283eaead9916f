package dev.kube4j.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.ServiceStrategy;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.validation.FieldError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CoreKindsTest {

    @BeforeEach
    void fixClock() {
        HumanDuration.setClock(Clock.fixed(Instant.parse("2024-01-01T01:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void resetClock() {
        HumanDuration.setClock(null);
    }

    static List<String> messages(List<FieldError> errs) {
        return errs.stream().map(FieldError::toString).toList();
    }

    static ObjectNode create(String key, ObjectNode obj) {
        ResourceStrategy s = AllKindsTest.strategy(key);
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        meta.put("creationTimestamp", "2024-01-01T00:00:00Z");
        s.applyDefaults(obj);
        s.prepareForCreate(obj);
        return obj;
    }

    // ---- ReplicationController myweb ----

    @Test
    void mywebReplicationControllerDefaultsAndPrints() {
        ResourceStrategy s = AllKindsTest.strategy("/replicationcontrollers");
        ObjectNode rc = create("/replicationcontrollers", Fixtures.yaml(Fixtures.MYWEB_RC));
        assertThat(s.validate(rc)).isEmpty();
        JsonNode c = rc.at("/spec/template/spec/containers/0");
        assertThat(c.get("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(c.get("terminationMessagePath").asText()).isEqualTo("/dev/termination-log");
        assertThat(c.get("terminationMessagePolicy").asText()).isEqualTo("File");
        assertThat(c.at("/ports/0/protocol").asText()).isEqualTo("TCP");
        assertThat(c.at("/resources/limits/cpu").asText()).isEqualTo("500m");
        assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("600Mi");
        assertThat(c.at("/resources/requests").isMissingNode()).as("templates do not copy limits to requests").isTrue();
        JsonNode ps = rc.at("/spec/template/spec");
        assertThat(ps.get("restartPolicy").asText()).isEqualTo("Always");
        assertThat(ps.get("dnsPolicy").asText()).isEqualTo("ClusterFirst");
        assertThat(ps.get("terminationGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(ps.get("schedulerName").asText()).isEqualTo("default-scheduler");
        assertThat(ps.get("securityContext").isObject()).isTrue();
        assertThat(rc.at("/spec/template/metadata").has("creationTimestamp")).isTrue();
        assertThat(rc.at("/metadata/labels/app").asText()).as("labels default from the template").isEqualTo("myweb");
        assertThat(rc.at("/status/replicas").asInt()).isZero();
        assertThat(s.cells(rc)).containsExactly("myweb", 2L, 0L, 0L, "60m", "myweb",
                "registry.cn-shanghai.aliyuncs.com/yf_registry/local-cat", "app=myweb");
        assertThat(s.columns()).extracting(col -> col.name()).containsExactly("Name", "Desired", "Current", "Ready", "Age",
                "Containers", "Images", "Selector");
        assertThat(s.fieldValue(rc, "status.replicas")).isEqualTo("0");
    }

    @Test
    void replicationControllerSelectorMustMatch() {
        ResourceStrategy s = AllKindsTest.strategy("/replicationcontrollers");
        ObjectNode rc = create("/replicationcontrollers", Fixtures.yaml(Fixtures.MYWEB_RC.replace("app: myweb\n  template", "app: other\n  template")));
        assertThat(messages(s.validate(rc))).containsExactly(
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"myweb\"}: `selector` does not match template `labels`");
        ObjectNode rc2 = create("/replicationcontrollers", Fixtures.yaml(Fixtures.MYWEB_RC.replace("replicas: 2", "replicas: -1")
                .replace("image: registry.cn-shanghai.aliyuncs.com/yf_registry/local-cat", "image: \"\"")));
        assertThat(messages(s.validate(rc2))).containsExactly(
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.template.spec.containers[0].image: Required value");
    }

    @Test
    void rcSelectorDefaultsFromTemplateLabels() {
        ObjectNode rc = Fixtures.yaml(Fixtures.MYWEB_RC.replace("  selector:\n    app: myweb\n", "").replace("  replicas: 2\n", ""));
        create("/replicationcontrollers", rc);
        assertThat(rc.at("/spec/selector/app").asText()).isEqualTo("myweb");
        assertThat(rc.at("/spec/replicas").asInt()).isEqualTo(1);
    }

    // ---- Service ----

    @Test
    void nodePortServiceDefaultsKeepsAllocatedValuesAndPrints() {
        ResourceStrategy s = AllKindsTest.strategy("/services");
        ObjectNode svc = create("/services", Fixtures.yaml(Fixtures.NODEPORT_SVC));
        assertThat(s.validate(svc)).isEmpty();
        JsonNode spec = svc.get("spec");
        assertThat(spec.at("/ports/0/protocol").asText()).isEqualTo("TCP");
        assertThat(spec.at("/ports/0/targetPort").asInt()).isEqualTo(8080);
        assertThat(spec.at("/ports/0/nodePort").asInt()).isEqualTo(31111);
        assertThat(spec.get("sessionAffinity").asText()).isEqualTo("None");
        assertThat(spec.get("externalTrafficPolicy").asText()).isEqualTo("Cluster");
        assertThat(spec.get("internalTrafficPolicy").asText()).isEqualTo("Cluster");
        assertThat(spec.get("ipFamilyPolicy").asText()).isEqualTo("SingleStack");
        // Cluster IPs and IP families come from the API server's allocator, not the strategy.
        assertThat(spec.has("clusterIP")).isFalse();
        assertThat(svc.at("/status/loadBalancer").isObject()).isTrue();
        ((ObjectNode) spec).put("clusterIP", "10.43.0.10").putArray("clusterIPs").add("10.43.0.10");
        assertThat(s.cells(svc)).containsExactly("myweb", "NodePort", "10.43.0.10", "<none>", "8080:31111/TCP", "60m", "app=myweb");
        // Allocated values a PUT leaves out are kept (node ports matched by port name) and may not change.
        ObjectNode upd = svc.deepCopy();
        ((ObjectNode) upd.get("spec")).remove(List.of("clusterIP", "clusterIPs"));
        ((ObjectNode) upd.at("/spec/ports/0")).remove("nodePort");
        s.prepareForUpdate(upd, svc);
        assertThat(upd.at("/spec/clusterIP").asText()).isEqualTo("10.43.0.10");
        assertThat(upd.at("/spec/ports/0/nodePort").asInt()).isEqualTo(31111);
        ObjectNode changed = svc.deepCopy();
        ((ObjectNode) changed.get("spec")).put("clusterIP", "10.43.0.99");
        ((ObjectNode) changed.get("spec")).putArray("clusterIPs").add("10.43.0.99");
        assertThat(messages(s.validateUpdate(changed, svc))).containsExactly(
                "spec.clusterIPs[0]: Invalid value: []string{\"10.43.0.99\"}: may not change once set");
        // Changing the type to ClusterIP drops the node ports the client left as they were.
        ObjectNode toClusterIP = svc.deepCopy();
        ((ObjectNode) toClusterIP.get("spec")).put("type", "ClusterIP").remove("externalTrafficPolicy");
        s.prepareForUpdate(toClusterIP, svc);
        assertThat(toClusterIP.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
        assertThat(s.validateUpdate(toClusterIP, svc)).isEmpty();
    }

    @Test
    void serviceValidationMessages() {
        ResourceStrategy s = AllKindsTest.strategy("/services");
        // Node port ranges are the allocator's business (the range is a server flag).
        ObjectNode outOfRange = create("/services", Fixtures.yaml(Fixtures.NODEPORT_SVC.replace("nodePort: 31111", "nodePort: 80")));
        assertThat(s.validate(outOfRange)).isEmpty();
        ObjectNode noPorts = create("/services", Fixtures.yaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: default}
                spec: {selector: {app: web}}
                """));
        assertThat(messages(s.validate(noPorts))).containsExactly("spec.ports: Required value");
        ObjectNode twoPorts = create("/services", Fixtures.yaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: Web, namespace: default}
                spec:
                  type: ClusterIP
                  ports: [{port: 80, nodePort: 30080}, {port: 70000, protocol: HTTP}]
                """));
        assertThat(messages(s.validate(twoPorts))).containsExactly(
                "metadata.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                "spec.ports[0].name: Required value",
                "spec.ports[1].name: Required value",
                "spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
        ObjectNode badType = create("/services", Fixtures.yaml(Fixtures.NODEPORT_SVC.replace("type: NodePort", "type: Foo")));
        assertThat(messages(s.validate(badType))).contains(
                "spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
    }

    @Test
    void loadBalancerAndExternalNamePrinting() {
        ResourceStrategy s = AllKindsTest.strategy("/services");
        ObjectNode lb = create("/services", Fixtures.yaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: lb, namespace: default}
                spec: {type: LoadBalancer, ports: [{port: 443, name: https}]}
                """));
        assertThat(s.validate(lb)).isEmpty();
        assertThat(lb.at("/spec/allocateLoadBalancerNodePorts").asBoolean()).isTrue();
        assertThat(ServiceStrategy.allocatesNodePorts(lb.get("spec"))).isTrue();
        assertThat(s.cells(lb).get(3)).isEqualTo("<pending>");
        ObjectNode ext = create("/services", Fixtures.yaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: ext, namespace: default}
                spec: {type: ExternalName, externalName: example.com}
                """));
        assertThat(s.validate(ext)).isEmpty();
        assertThat(ext.at("/spec/clusterIP").isMissingNode()).isTrue();
        assertThat(s.cells(ext)).containsExactly("ext", "ExternalName", "<none>", "example.com", "<none>", "60m", "<none>");
    }

    // ---- Pods ----

    @Test
    void podDefaults() {
        ObjectNode pod = create("/pods", Fixtures.yaml(Fixtures.POD));
        JsonNode c = pod.at("/spec/containers/0");
        assertThat(c.get("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(c.at("/env/0/valueFrom/fieldRef/apiVersion").asText()).isEqualTo("v1");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/");
        assertThat(c.at("/livenessProbe/httpGet/scheme").asText()).isEqualTo("HTTP");
        assertThat(c.at("/livenessProbe/timeoutSeconds").asInt()).isEqualTo(1);
        assertThat(c.at("/livenessProbe/periodSeconds").asInt()).isEqualTo(10);
        assertThat(c.at("/livenessProbe/successThreshold").asInt()).isEqualTo(1);
        assertThat(c.at("/livenessProbe/failureThreshold").asInt()).isEqualTo(3);
        assertThat(c.get("resources").isObject()).isTrue();
        assertThat(pod.at("/spec/volumes/0/emptyDir").isObject()).isTrue();
        assertThat(pod.at("/spec/volumes/1/configMap/defaultMode").asInt()).isEqualTo(420);
        assertThat(pod.at("/spec/enableServiceLinks").asBoolean()).isTrue();
        assertThat(pod.at("/status/phase").asText()).isEqualTo("Pending");
        assertThat(pod.at("/status/qosClass").asText()).isEqualTo("Burstable");
        assertThat(AllKindsTest.strategy("/pods").validate(pod)).isEmpty();
    }

    @Test
    void podLimitsBecomeRequestsAndQos() {
        ObjectNode pod = Fixtures.yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: default}
                spec:
                  containers:
                  - name: c
                    image: nginx:1.25
                    resources: {limits: {cpu: "0.5", memory: 600Mi}}
                """);
        create("/pods", pod);
        assertThat(pod.at("/spec/containers/0/imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        assertThat(pod.at("/spec/containers/0/resources/limits/cpu").asText()).isEqualTo("500m");
        assertThat(pod.at("/spec/containers/0/resources/requests/cpu").asText()).isEqualTo("500m");
        assertThat(pod.at("/spec/containers/0/resources/requests/memory").asText()).isEqualTo("600Mi");
        assertThat(pod.at("/status/qosClass").asText()).isEqualTo("Guaranteed");
        assertThat(pod.at("/spec/containers/0/resizePolicy/0/resourceName").asText()).isEqualTo("cpu");
    }

    @Test
    void podValidationMessages() {
        ResourceStrategy s = AllKindsTest.strategy("/pods");
        ObjectNode pod = create("/pods", Fixtures.yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: default}
                spec:
                  restartPolicy: Sometimes
                  containers:
                  - name: Web
                    image: nginx
                    ports: [{containerPort: 0}, {containerPort: 80, protocol: HTTP}]
                    resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}
                  - name: web2
                    volumeMounts: [{name: missing, mountPath: /x}]
                """));
        assertThat(messages(s.validate(pod))).containsExactly(
                "spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "spec.containers[0].ports[0].containerPort: Required value",
                "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
                "spec.containers[1].image: Required value",
                "spec.containers[1].volumeMounts[0].name: Not found: \"missing\"",
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
        ObjectNode empty = create("/pods", Fixtures.yaml("{apiVersion: v1, kind: Pod, metadata: {namespace: default}, spec: {}}"));
        assertThat(messages(s.validate(empty))).containsExactly(
                "metadata.name: Required value: name or generateName is required",
                "spec.containers: Required value");
    }

    @Test
    void podUpdatesMayOnlyChangeImagesAndFriends() {
        ResourceStrategy s = AllKindsTest.strategy("/pods");
        ObjectNode pod = create("/pods", Fixtures.yaml(Fixtures.POD));
        ObjectNode image = pod.deepCopy();
        ((ObjectNode) image.at("/spec/containers/0")).put("image", "nginx:1.26");
        assertThat(s.validateUpdate(image, pod)).isEmpty();
        ObjectNode tol = pod.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) tol.at("/spec/tolerations")).addObject().put("operator", "Exists");
        assertThat(s.validateUpdate(tol, pod)).isEmpty();
        ObjectNode policy = pod.deepCopy();
        ((ObjectNode) policy.get("spec")).put("restartPolicy", "Never");
        List<String> msgs = messages(s.validateUpdate(policy, pod));
        assertThat(msgs).hasSize(1);
        assertThat(msgs.get(0)).startsWith("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
                + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n");
        assertThat(msgs.get(0)).contains("RestartPolicy: \"Always\"", "RestartPolicy: \"Never\"");
        ObjectNode removed = pod.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) removed.at("/spec/tolerations")).remove(0);
        assertThat(messages(s.validateUpdate(removed, pod))).containsExactly(
                "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds");
    }

    @Test
    void podTableCells() {
        ResourceStrategy s = AllKindsTest.strategy("/pods");
        ObjectNode pod = create("/pods", Fixtures.yaml(Fixtures.POD));
        assertThat(s.cells(pod)).containsExactly("nginx", "0/1", "Pending", "0", "60m", "<none>", "<none>", "<none>", "0/1");
        ObjectNode running = pod.deepCopy();
        ((ObjectNode) running.get("spec")).put("nodeName", "node1");
        ObjectNode status = (ObjectNode) running.get("status");
        status.put("phase", "Running");
        status.putArray("podIPs").addObject().put("ip", "10.244.0.7");
        ObjectNode cs = status.putArray("containerStatuses").addObject();
        cs.put("name", "nginx").put("ready", true).put("restartCount", 5);
        cs.putObject("state").putObject("running").put("startedAt", "2024-01-01T00:50:00Z");
        cs.putObject("lastState").putObject("terminated").put("exitCode", 1).put("finishedAt", "2024-01-01T00:55:00Z");
        assertThat(s.cells(running)).containsExactly("nginx", "1/1", "Running", "5 (5m ago)", "60m", "10.244.0.7", "node1", "<none>", "0/1");
        ObjectNode crash = running.deepCopy();
        ObjectNode state = (ObjectNode) crash.at("/status/containerStatuses/0");
        state.put("ready", false);
        state.putObject("state").putObject("waiting").put("reason", "CrashLoopBackOff");
        assertThat(s.cells(crash).subList(1, 4)).containsExactly("0/1", "CrashLoopBackOff", "5 (5m ago)");
        ObjectNode terminating = running.deepCopy();
        ((ObjectNode) terminating.get("metadata")).put("deletionTimestamp", "2024-01-01T00:59:00Z");
        assertThat(s.cells(terminating).get(2)).isEqualTo("Terminating");
        ObjectNode init = pod.deepCopy();
        ObjectNode ic = ((ObjectNode) init.get("spec")).putArray("initContainers").addObject();
        ic.put("name", "init").put("image", "busybox");
        ObjectNode ics = ((ObjectNode) init.get("status")).putArray("initContainerStatuses").addObject();
        ics.put("name", "init");
        ics.putObject("state").putObject("running");
        assertThat(s.cells(init).get(2)).isEqualTo("Init:0/1");
        ObjectNode completed = pod.deepCopy();
        ((ObjectNode) completed.get("status")).put("phase", "Succeeded");
        ObjectNode done = ((ObjectNode) completed.get("status")).putArray("containerStatuses").addObject();
        done.putObject("state").putObject("terminated").put("exitCode", 0).put("reason", "Completed");
        assertThat(s.cells(completed).get(2)).isEqualTo("Completed");
        assertThat(s.columns()).extracting(col -> col.name() + "/" + col.priority()).containsExactly("Name/0", "Ready/0", "Status/0",
                "Restarts/0", "Age/0", "IP/1", "Node/1", "Nominated Node/1", "Readiness Gates/1");
        assertThat(s.fieldValue(running, "spec.nodeName")).isEqualTo("node1");
        assertThat(s.fieldValue(running, "status.podIP")).isEqualTo("10.244.0.7");
        assertThat(s.fieldValue(running, "spec.hostNetwork")).isEqualTo("false");
        assertThat(s.fieldValue(running, "status.phase")).isEqualTo("Running");
        assertThat(s.selectableFields()).contains("spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.nominatedNodeName");
    }

    // ---- Namespaces, ConfigMaps, Secrets ----

    @Test
    void namespaces() {
        ResourceStrategy s = AllKindsTest.strategy("/namespaces");
        ObjectNode ns = create("/namespaces", Fixtures.json("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"dev\"}}"));
        assertThat(ns.at("/spec/finalizers/0").asText()).isEqualTo("kubernetes");
        assertThat(ns.at("/status/phase").asText()).isEqualTo("Active");
        assertThat(ns.at("/metadata/labels/kubernetes.io~1metadata.name").asText()).isEqualTo("dev");
        assertThat(s.cells(ns)).containsExactly("dev", "Active", "60m");
        ObjectNode bad = create("/namespaces", Fixtures.json("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"Dev.x\"}}"));
        assertThat(messages(s.validate(bad))).containsExactly(
                "metadata.name: Invalid value: \"Dev.x\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        assertThat(s.fieldValue(ns, "status.phase")).isEqualTo("Active");
    }

    @Test
    void configMapsAndSecrets() {
        ResourceStrategy cm = AllKindsTest.strategy("/configmaps");
        ObjectNode c = create("/configmaps", Fixtures.json("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"default\"},\"data\":{\"a b\":\"x\",\"ok\":\"y\"}}"));
        assertThat(messages(cm.validate(c))).containsExactly(
                "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        assertThat(cm.cells(c)).containsExactly("c", 2L, "60m");
        ResourceStrategy sec = AllKindsTest.strategy("/secrets");
        ObjectNode s = create("/secrets", Fixtures.fixture("/secrets"));
        assertThat(s.get("type").asText()).isEqualTo("Opaque");
        assertThat(s.at("/data/user").asText()).isEqualTo("YWRtaW4=");
        assertThat(s.has("stringData")).isFalse();
        assertThat(sec.cells(s)).containsExactly("s", "Opaque", 2L, "60m");
        assertThat(sec.fieldValue(s, "type")).isEqualTo("Opaque");
        ObjectNode tls = create("/secrets", Fixtures.json("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"t\",\"namespace\":\"default\"},\"type\":\"kubernetes.io/tls\"}"));
        assertThat(messages(sec.validate(tls))).containsExactly("data[tls.crt]: Required value", "data[tls.key]: Required value");
        ObjectNode changedType = s.deepCopy().put("type", "kubernetes.io/basic-auth");
        assertThat(messages(sec.validateUpdate(changedType, s))).contains("type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable");
    }

    @Test
    void nodesAndEvents() {
        ResourceStrategy n = AllKindsTest.strategy("/nodes");
        ObjectNode node = create("/nodes", Fixtures.fixture("/nodes"));
        assertThat(node.at("/status/allocatable/memory").asText()).isEqualTo("8Gi");
        assertThat(n.cells(node)).containsExactly("node1", "Ready", "control-plane", "60m", "v1.33.0", "172.18.0.2", "<none>",
                "Debian", "<unknown>", "<unknown>");
        ((ObjectNode) node.get("spec")).put("unschedulable", true);
        assertThat(n.cells(node).get(1)).isEqualTo("Ready,SchedulingDisabled");
        assertThat(n.fieldValue(node, "spec.unschedulable")).isEqualTo("true");
        ResourceStrategy e = AllKindsTest.strategy("/events");
        ObjectNode ev = create("/events", Fixtures.fixture("/events"));
        assertThat(e.cells(ev)).containsExactly("55m", "Normal", "Pulled", "pod/nginx", "spec.containers{nginx}", "kubelet, node1",
                "Container image pulled", "60m", 3L, "nginx.17a");
        assertThat(e.fieldValue(ev, "involvedObject.name")).isEqualTo("nginx");
        assertThat(e.fieldValue(ev, "source")).isEqualTo("kubelet");
        assertThat(e.columns().get(0).name()).isEqualTo("Last Seen");
        ResourceStrategy e1 = AllKindsTest.strategy("events.k8s.io/events");
        ObjectNode ev1 = create("events.k8s.io/events", Fixtures.fixture("events.k8s.io/events"));
        assertThat(e1.cells(ev1)).containsExactly("60m", "Normal", "Pulling", "pod/nginx", "", "kubelet, node1", "Pulling image", "60m", 1L, "nginx.17b");
        ev1.remove("reportingController");
        ev1.put("type", "Bad");
        assertThat(messages(e1.validate(ev1))).contains("reportingController: Required value", "type: Invalid value: \"\": has invalid value: Bad");
    }

    @Test
    void volumesAndClaims() {
        ResourceStrategy pv = AllKindsTest.strategy("/persistentvolumes");
        ObjectNode v = create("/persistentvolumes", Fixtures.fixture("/persistentvolumes"));
        assertThat(v.at("/spec/persistentVolumeReclaimPolicy").asText()).isEqualTo("Retain");
        assertThat(v.at("/spec/volumeMode").asText()).isEqualTo("Filesystem");
        assertThat(v.at("/status/phase").asText()).isEqualTo("Pending");
        assertThat(pv.cells(v)).containsExactly("pv1", "1Gi", "RWO", "Retain", "Pending", "", "manual", "<unset>", "", "60m", "Filesystem");
        ResourceStrategy pvc = AllKindsTest.strategy("/persistentvolumeclaims");
        ObjectNode c = create("/persistentvolumeclaims", Fixtures.fixture("/persistentvolumeclaims"));
        assertThat(c.at("/spec/volumeMode").asText()).isEqualTo("Filesystem");
        assertThat(pvc.cells(c)).containsExactly("data", "Pending", "", "", "", "", "<unset>", "60m", "Filesystem");
        ((ObjectNode) c.at("/spec/resources/requests")).remove("storage");
        assertThat(messages(pvc.validate(c))).containsExactly("spec.resources[storage]: Required value");
        ResourceStrategy quota = AllKindsTest.strategy("/resourcequotas");
        ObjectNode q = create("/resourcequotas", Fixtures.fixture("/resourcequotas"));
        ObjectNode st = (ObjectNode) q.get("status");
        st.set("hard", q.at("/spec/hard").deepCopy());
        st.putObject("used").put("pods", "1").put("requests.cpu", "100m").put("limits.memory", "0");
        assertThat(quota.cells(q)).containsExactly("q", "pods: 1/10, requests.cpu: 100m/1", "limits.memory: 0/2Gi", "60m");
        assertThat(AllKindsTest.strategy("/limitranges").columns()).extracting(col -> col.name()).containsExactly("Name", "Created At");
        assertThat(AllKindsTest.strategy("/limitranges").cells(q).get(1)).isEqualTo("2024-01-01T00:00:00Z");
    }
}
