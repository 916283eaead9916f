package dev.kube4j.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Realistic manifests of every built-in kind, as kubectl would send them. */
final class Fixtures {

    private Fixtures() {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static ObjectNode yaml(String yaml) {
        try {
            return (ObjectNode) YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode json(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final String MYWEB_RC = """
            apiVersion: v1
            kind: ReplicationController
            metadata:
              name: myweb
              namespace: default
            spec:
              replicas: 2
              selector:
                app: myweb
              template:
                metadata:
                  labels:
                    app: myweb
                spec:
                  containers:
                  - name: myweb
                    image: registry.cn-shanghai.aliyuncs.com/yf_registry/local-cat
                    resources:
                      limits:
                        cpu: 500m
                        memory: 600Mi
                    ports:
                    - containerPort: 8080
            """;

    static final String NODEPORT_SVC = """
            apiVersion: v1
            kind: Service
            metadata:
              name: myweb
              namespace: default
            spec:
              type: NodePort
              ports:
              - port: 8080
                nodePort: 31111
              selector:
                app: myweb
            """;

    /** What {@code kubectl create deployment web --image=nginx:1.23} sends. */
    static final String CREATE_DEPLOYMENT = """
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","namespace":"default","creationTimestamp":null,"labels":{"app":"web"}},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"nginx","image":"nginx:1.23","resources":{}}]}},"strategy":{}},"status":{}}
            """;

    static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: nginx
              namespace: default
              labels:
                run: nginx
            spec:
              containers:
              - name: nginx
                image: nginx
                ports:
                - containerPort: 80
                env:
                - name: POD_NAME
                  valueFrom:
                    fieldRef:
                      fieldPath: metadata.name
                livenessProbe:
                  httpGet:
                    port: 80
                readinessProbe:
                  exec:
                    command: [cat, /tmp/ready]
                lifecycle:
                  preStop:
                    sleep: {seconds: 5}
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {memory: 128Mi}
                volumeMounts:
                - name: data
                  mountPath: /data
                - name: cfg
                  mountPath: /etc/cfg
              volumes:
              - name: data
              - name: cfg
                configMap:
                  name: cfg
              tolerations:
              - key: k
                operator: Exists
                effect: NoSchedule
              initContainers:
              - name: init
                image: busybox
                command: [sh, -c, "true"]
                envFrom:
                - configMapRef: {name: cfg}
                  prefix: CFG_
                securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false}
              securityContext:
                fsGroup: 2000
                sysctls: [{name: net.core.somaxconn, value: "1024"}]
              dnsConfig:
                nameservers: [10.96.0.10]
                searches: [svc.cluster.local]
                options: [{name: ndots, value: "2"}]
              imagePullSecrets: [{name: regcred}]
              hostAliases: [{ip: 10.0.0.1, hostnames: [foo.local]}]
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                    - matchExpressions:
                      - {key: kubernetes.io/os, operator: In, values: [linux]}
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 5
                    preference:
                      matchExpressions: [{key: zone, operator: Exists}]
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 10
                    podAffinityTerm:
                      topologyKey: kubernetes.io/hostname
                      labelSelector: {matchLabels: {run: nginx}}
              topologySpreadConstraints:
              - maxSkew: 1
                topologyKey: zone
                whenUnsatisfiable: ScheduleAnyway
                labelSelector: {matchLabels: {run: nginx}}
              readinessGates: [{conditionType: example.com/ready}]
            """;

    /** One valid manifest per built-in resource, keyed "group/resource". */
    static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"dev\"}}");
        m.put("/pods", POD);
        m.put("/services", NODEPORT_SVC);
        m.put("/endpoints", """
                {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"myweb","namespace":"default"},
                 "subsets":[{"addresses":[{"ip":"10.244.0.5","nodeName":"node1"}],"ports":[{"port":8080}]}]}""");
        m.put("/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\",\"namespace\":\"default\"},\"data\":{\"a.conf\":\"x=1\"},\"binaryData\":{\"b\":\"AAE=\"}}");
        m.put("/secrets", "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"default\"},\"data\":{\"password\":\"c2VjcmV0\"},\"stringData\":{\"user\":\"admin\"}}");
        m.put("/serviceaccounts", "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"builder\",\"namespace\":\"default\"},\"secrets\":[{\"name\":\"x\"}]}");
        m.put("/nodes", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"node1","labels":{"node-role.kubernetes.io/control-plane":""}},
                 "spec":{"podCIDRs":["10.244.0.0/24"],"taints":[{"key":"k","value":"v","effect":"NoSchedule"}]},
                 "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},"conditions":[{"type":"Ready","status":"True"}],
                 "addresses":[{"type":"InternalIP","address":"172.18.0.2"}],"nodeInfo":{"kubeletVersion":"v1.33.0","osImage":"Debian"}}}""");
        m.put("/events", """
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"nginx.17a","namespace":"default"},
                 "involvedObject":{"kind":"Pod","namespace":"default","name":"nginx","fieldPath":"spec.containers{nginx}"},
                 "reason":"Pulled","message":"Container image pulled","type":"Normal","source":{"component":"kubelet","host":"node1"},
                 "firstTimestamp":"2024-01-01T00:00:00Z","lastTimestamp":"2024-01-01T00:05:00Z","count":3}""");
        m.put("/replicationcontrollers", MYWEB_RC);
        m.put("/persistentvolumes", """
                {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv1"},
                 "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/tmp/pv1"},"storageClassName":"manual"}}""");
        m.put("/persistentvolumeclaims", """
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"default"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");
        m.put("/limitranges", """
                {"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"lr","namespace":"default"},
                 "spec":{"limits":[{"type":"Container","max":{"cpu":"2"},"min":{"cpu":"100m"},"default":{"cpu":"500m"}}]}}""");
        m.put("/resourcequotas", """
                {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q","namespace":"default"},
                 "spec":{"hard":{"pods":"10","requests.cpu":"1","limits.memory":"2Gi"}}}""");
        m.put("/podtemplates", """
                {"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"pt","namespace":"default"},
                 "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}""");
        m.put("apps/deployments", CREATE_DEPLOYMENT);
        m.put("apps/replicasets", """
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs","namespace":"default"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"rs"}},
                 "template":{"metadata":{"labels":{"app":"rs"}},"spec":{"containers":[{"name":"c","image":"nginx:1.25"}]}}}}""");
        m.put("apps/statefulsets", """
                {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"default"},
                 "spec":{"serviceName":"db","replicas":2,"selector":{"matchLabels":{"app":"db"}},
                 "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"postgres:16",
                   "volumeMounts":[{"name":"data","mountPath":"/var/lib/postgresql"}]}]}},
                 "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}""");
        m.put("apps/daemonsets", """
                {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"kube-system"},
                 "spec":{"selector":{"matchLabels":{"app":"agent"}},
                 "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},
                 "containers":[{"name":"agent","image":"fluentd:v1"}]}}}}""");
        m.put("apps/controllerrevisions", """
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"agent-5d4f","namespace":"kube-system",
                 "ownerReferences":[{"apiVersion":"apps/v1","kind":"DaemonSet","name":"agent","uid":"u1","controller":true}]},
                 "data":{"spec":{}},"revision":1}""");
        m.put("batch/jobs", """
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default","uid":"8a2f1c1e-0000-4000-8000-000000000001"},
                 "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.34","command":["perl","-e","print 1"]}]}}}}""");
        m.put("batch/cronjobs", """
                {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"hello","namespace":"default"},
                 "spec":{"schedule":"*/1 * * * *","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure",
                 "containers":[{"name":"hello","image":"busybox:1.28","command":["date"]}]}}}}}}""");
        m.put("coordination.k8s.io/leases", """
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node1","namespace":"kube-node-lease"},
                 "spec":{"holderIdentity":"node1","leaseDurationSeconds":40}}""");
        m.put("discovery.k8s.io/endpointslices", """
                {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"myweb-abc","namespace":"default"},
                 "addressType":"IPv4","endpoints":[{"addresses":["10.244.0.5"],"conditions":{"ready":true}}],"ports":[{"name":"http","port":8080}]}""");
        m.put("events.k8s.io/events", """
                {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"nginx.17b","namespace":"default"},
                 "eventTime":"2024-01-01T00:00:00.000000Z","reportingController":"kubelet","reportingInstance":"node1",
                 "action":"Pulling","reason":"Pulling","note":"Pulling image","type":"Normal",
                 "regarding":{"kind":"Pod","namespace":"default","name":"nginx"}}""");
        m.put("rbac.authorization.k8s.io/roles", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"pod-reader","namespace":"default"},
                 "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]}""");
        m.put("rbac.authorization.k8s.io/clusterroles", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"metrics"},
                 "rules":[{"nonResourceURLs":["/metrics"],"verbs":["get"]}]}""");
        m.put("rbac.authorization.k8s.io/rolebindings", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"read-pods","namespace":"default"},
                 "subjects":[{"kind":"User","name":"jane"},{"kind":"ServiceAccount","name":"builder","namespace":"default"}],
                 "roleRef":{"kind":"Role","name":"pod-reader"}}""");
        m.put("rbac.authorization.k8s.io/clusterrolebindings", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"metrics"},
                 "subjects":[{"kind":"Group","name":"system:monitoring"}],
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"metrics"}}""");
        m.put("autoscaling/horizontalpodautoscalers", """
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"default"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5,
                 "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}},
                  {"type":"Pods","pods":{"metric":{"name":"rps"},"target":{"type":"AverageValue","averageValue":"10"}}}],
                 "behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}}""");
        m.put("policy/poddisruptionbudgets", """
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web-pdb","namespace":"default"},
                 "spec":{"minAvailable":"50%","selector":{"matchLabels":{"app":"web"}}}}""");
        m.put("networking.k8s.io/ingresses", """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"simple","namespace":"default"},
                 "spec":{"ingressClassName":"nginx","tls":[{"hosts":["foo.com"],"secretName":"tls"}],
                 "rules":[{"host":"foo.com","http":{"paths":[{"path":"/bar","pathType":"Exact",
                 "backend":{"service":{"name":"svc1","port":{"number":8080}}}}]}}]}}""");
        m.put("networking.k8s.io/ingressclasses", """
                {"apiVersion":"networking.k8s.io/v1","kind":"IngressClass","metadata":{"name":"nginx"},
                 "spec":{"controller":"k8s.io/ingress-nginx","parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"p"}}}""");
        m.put("networking.k8s.io/networkpolicies", """
                {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"db","namespace":"default"},
                 "spec":{"podSelector":{"matchLabels":{"role":"db"}},"ingress":[{"from":[{"ipBlock":{"cidr":"172.17.0.0/16"}},
                 {"podSelector":{"matchLabels":{"role":"frontend"}}}],"ports":[{"port":6379}]}],
                 "egress":[{"to":[{"namespaceSelector":{}}],"ports":[{"port":53,"protocol":"UDP"}]}]}}""");
        m.put("storage.k8s.io/storageclasses", """
                {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"local",
                 "annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"rancher.io/local-path",
                 "volumeBindingMode":"WaitForFirstConsumer","allowVolumeExpansion":true}""");
        m.put("storage.k8s.io/csidrivers", """
                {"apiVersion":"storage.k8s.io/v1","kind":"CSIDriver","metadata":{"name":"hostpath.csi.k8s.io"},
                 "spec":{"podInfoOnMount":true,"tokenRequests":[{"audience":"vault"}]}}""");
        m.put("storage.k8s.io/csinodes", """
                {"apiVersion":"storage.k8s.io/v1","kind":"CSINode","metadata":{"name":"node1"},
                 "spec":{"drivers":[{"name":"hostpath.csi.k8s.io","nodeID":"node1"}]}}""");
        m.put("storage.k8s.io/volumeattachments", """
                {"apiVersion":"storage.k8s.io/v1","kind":"VolumeAttachment","metadata":{"name":"csi-123"},
                 "spec":{"attacher":"hostpath.csi.k8s.io","nodeName":"node1","source":{"persistentVolumeName":"pv1"}},
                 "status":{"attached":true}}""");
        m.put("scheduling.k8s.io/priorityclasses", """
                {"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"high"},"value":1000,
                 "globalDefault":false,"description":"important"}""");
        m.put("certificates.k8s.io/certificatesigningrequests", """
                {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"jane"},
                 "spec":{"request":"%s","signerName":"kubernetes.io/kube-apiserver-client","expirationSeconds":86400,
                 "usages":["client auth"],"username":"kubernetes-admin"}}""".formatted(CSR_REQUEST));
        m.put("node.k8s.io/runtimeclasses", """
                {"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"gvisor"},"handler":"runsc",
                 "overhead":{"podFixed":{"cpu":"250m","memory":"120Mi"}},"scheduling":{"nodeSelector":{"runtime":"gvisor"}}}""");
        m.put("admissionregistration.k8s.io/mutatingwebhookconfigurations", """
                {"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"inject"},
                 "webhooks":[{"name":"inject.example.com","clientConfig":{"service":{"namespace":"default","name":"inject"}},
                 "rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}],
                 "sideEffects":"None","admissionReviewVersions":["v1"]}]}""");
        m.put("admissionregistration.k8s.io/validatingwebhookconfigurations", """
                {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingWebhookConfiguration","metadata":{"name":"check"},
                 "webhooks":[{"name":"check.example.com","clientConfig":{"url":"https://example.com/check"},
                 "sideEffects":"NoneOnDryRun","admissionReviewVersions":["v1","v1beta1"],"timeoutSeconds":5}]}""");
        m.put("admissionregistration.k8s.io/validatingadmissionpolicies", """
                {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"replicas"},
                 "spec":{"paramKind":{"apiVersion":"v1","kind":"ConfigMap"},"matchConstraints":{"resourceRules":[{"apiGroups":["apps"],
                 "apiVersions":["v1"],"operations":["CREATE","UPDATE"],"resources":["deployments"]}]},
                 "validations":[{"expression":"object.spec.replicas <= 5"}]}}""");
        m.put("admissionregistration.k8s.io/validatingadmissionpolicybindings", """
                {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"replicas"},
                 "spec":{"policyName":"replicas","validationActions":["Deny"],"paramRef":{"name":"limits","namespace":"default"}}}""");
        m.put("authentication.k8s.io/selfsubjectreviews", """
                {"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview","metadata":{"creationTimestamp":null}}""");
        m.put("authentication.k8s.io/tokenreviews", """
                {"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"abc"}}""");
        m.put("authorization.k8s.io/localsubjectaccessreviews", """
                {"apiVersion":"authorization.k8s.io/v1","kind":"LocalSubjectAccessReview","metadata":{"namespace":"default"},
                 "spec":{"user":"jane","resourceAttributes":{"namespace":"default","verb":"get","resource":"pods"}}}""");
        m.put("authorization.k8s.io/selfsubjectaccessreviews", """
                {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{"creationTimestamp":null},
                 "spec":{"resourceAttributes":{"namespace":"default","verb":"create","resource":"pods"}}}""");
        m.put("authorization.k8s.io/selfsubjectrulesreviews", """
                {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{"namespace":"default"}}""");
        m.put("authorization.k8s.io/subjectaccessreviews", """
                {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
                 "spec":{"groups":["dev"],"nonResourceAttributes":{"path":"/healthz","verb":"get"}}}""");
        m.put("apiextensions.k8s.io/customresourcedefinitions", """
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"networks.samplecrd.k8s.io"},
                 "spec":{"group":"samplecrd.k8s.io","scope":"Namespaced","names":{"kind":"Network","plural":"networks"},
                  "versions":[{"name":"v1","served":true,"storage":true,
                   "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object",
                    "properties":{"cidr":{"type":"string"}}}}}}}]}}""");
        return m;
    }

    /** A real PKCS#10 request (CN=jane, O=dev), base64 of its PEM as spec.request carries it. */
    static final String CSR_REQUEST = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIWU1IOENBUUF3SFRFTk1Bc0dBMVVFQXd3RWFtRnVaVEVNTUFvR0ExVUVDZ3dEWkdWMk1Ga3dFd1lIS29aSQp6ajBDQVFZSUtvWkl6ajBEQVFjRFFnQUU0c1VnWGUydVhkMVFXOUZ1YytHWS81S3BMOUhqeFlFajNGWXphS0ZRCkFCaEtSbjhPY3dDVmZNVGZGa01pQ1BrSk1WeHFxbmR2TlJPamtPRzNlSzhsSHFBQU1Bb0dDQ3FHU000OUJBTUMKQTBrQU1FWUNJUUNSUjVuSk5BSFYxSk9pbU1xdmdNOTFNd2dTUDhHTjlEZElUclkwUENWN09nSWhBTFZxMDRUTwpuZ3ZwNHZvZjU1OGNjdUplS3ltc3BZbGtzemFvc29samlXdXoKLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==";

    static ObjectNode fixture(String key) {
        String s = all().get(key).strip();
        return s.startsWith("{") ? json(s) : yaml(s);
    }
}
