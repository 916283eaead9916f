package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.Resources;

import java.util.List;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.arr;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfAbsent;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/**
 * Upstream's core/v1 defaulting of pod specs (SetDefaults_PodSpec, _Container, _Volume, _Probe...),
 * of pods (SetDefaults_Pod) and of pod templates, on JSON trees.
 */
public final class PodSpecs {

    private PodSpecs() {
    }

    /** Kubernetes 1.33 enables InPlacePodVerticalScaling by default: pods get a default resizePolicy. */
    public static final boolean IN_PLACE_POD_VERTICAL_SCALING = true;

    /** The volume source fields of a v1.Volume. */
    public static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
            "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
            "ephemeral", "image");

    /** Defaults of a pod template ({@code metadata} + {@code spec}), as embedded in workloads. */
    public static void defaultTemplate(ObjectNode template) {
        if (template == null) {
            return;
        }
        ObjectNode meta = objOrCreate(template, "metadata");
        if (meta != null && !meta.has("creationTimestamp")) {
            meta.putNull("creationTimestamp");
        }
        ObjectNode spec = objOrCreate(template, "spec");
        defaultPodSpec(spec);
    }

    /** SetDefaults_PodSpec and everything nested in a PodSpec. */
    public static void defaultPodSpec(ObjectNode spec) {
        if (spec == null) {
            return;
        }
        putIfEmpty(spec, "dnsPolicy", "ClusterFirst");
        putIfEmpty(spec, "restartPolicy", "Always");
        if (!spec.has("securityContext") || spec.get("securityContext").isNull()) {
            spec.putObject("securityContext");
        }
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30L);
        putIfEmpty(spec, "schedulerName", "default-scheduler");
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            for (ObjectNode c : objects(spec, list)) {
                defaultContainer(c);
            }
        }
        for (ObjectNode v : objects(spec, "volumes")) {
            defaultVolume(v);
        }
        Resources.canonicalize(obj(spec, "overhead"));
        ObjectNode podResources = obj(spec, "resources");
        if (podResources != null) {
            Resources.canonicalize(obj(podResources, "limits"));
            Resources.canonicalize(obj(podResources, "requests"));
        }
    }

    /** SetDefaults_Pod: the pod-only defaults, after the spec defaults. */
    public static void defaultPod(ObjectNode pod) {
        ObjectNode spec = objOrCreate(pod, "spec");
        if (spec == null) {
            return;
        }
        defaultPodSpec(spec);
        for (String list : List.of("containers", "initContainers")) {
            for (ObjectNode c : objects(spec, list)) {
                ObjectNode res = obj(c, "resources");
                ObjectNode limits = obj(res, "limits");
                if (limits != null) {
                    ObjectNode requests = objOrCreate(res, "requests");
                    if (requests != null) {
                        limits.properties().forEach(e -> {
                            if (!requests.has(e.getKey())) {
                                requests.set(e.getKey(), e.getValue().deepCopy());
                            }
                        });
                    }
                }
                if (IN_PLACE_POD_VERTICAL_SCALING && list.equals("containers")) {
                    ObjectNode requests = obj(obj(c, "resources"), "requests");
                    if (requests != null) {
                        for (String r : List.of("cpu", "memory")) {
                            if (requests.has(r)) {
                                defaultResizePolicy(c, r);
                            }
                        }
                    }
                }
            }
        }
        putIfAbsent(spec, "enableServiceLinks", true);
        if (Boolean.TRUE.equals(spec.path("hostNetwork").isBoolean() ? spec.get("hostNetwork").asBoolean() : null)) {
            for (String list : List.of("containers", "initContainers")) {
                for (ObjectNode c : objects(spec, list)) {
                    for (ObjectNode p : objects(c, "ports")) {
                        JsonNode hp = p.get("hostPort");
                        if ((hp == null || hp.isNull() || (hp.isNumber() && hp.asLong() == 0)) && p.has("containerPort")) {
                            p.set("hostPort", p.get("containerPort").deepCopy());
                        }
                    }
                }
            }
        }
    }

    private static void defaultResizePolicy(ObjectNode c, String resource) {
        JsonNode existing = c.get("resizePolicy");
        if (existing != null && !existing.isNull() && !existing.isArray()) {
            return;
        }
        ArrayNode rp = existing instanceof ArrayNode a ? a : c.putArray("resizePolicy");
        for (JsonNode p : rp) {
            if (resource.equals(str(p, "resourceName"))) {
                return;
            }
        }
        ObjectNode p = rp.addObject();
        p.put("resourceName", resource);
        p.put("restartPolicy", "NotRequired");
    }

    /** SetDefaults_Container and the nested defaults (ports, env, probes, lifecycle, resources). */
    public static void defaultContainer(ObjectNode c) {
        if (!c.hasNonNull("imagePullPolicy") || str(c, "imagePullPolicy").isEmpty()) {
            c.put("imagePullPolicy", "latest".equals(imageTag(str(c, "image"))) ? "Always" : "IfNotPresent");
        }
        putIfEmpty(c, "terminationMessagePath", "/dev/termination-log");
        putIfEmpty(c, "terminationMessagePolicy", "File");
        ObjectNode res = objOrCreate(c, "resources");
        if (res != null) {
            Resources.canonicalize(obj(res, "limits"));
            Resources.canonicalize(obj(res, "requests"));
        }
        for (ObjectNode p : objects(c, "ports")) {
            putIfEmpty(p, "protocol", "TCP");
        }
        for (ObjectNode e : objects(c, "env")) {
            ObjectNode vf = obj(e, "valueFrom");
            putIfEmpty(obj(vf, "fieldRef"), "apiVersion", "v1");
            ObjectNode rf = obj(vf, "resourceFieldRef");
            if (rf != null && !rf.has("divisor")) {
                rf.put("divisor", "0");
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            ObjectNode p = obj(c, probe);
            if (p != null) {
                putIfZero(p, "timeoutSeconds", 1);
                putIfZero(p, "periodSeconds", 10);
                putIfZero(p, "successThreshold", 1);
                putIfZero(p, "failureThreshold", 3);
                defaultHandler(p);
            }
        }
        ObjectNode lc = obj(c, "lifecycle");
        if (lc != null) {
            defaultHandler(obj(lc, "postStart"));
            defaultHandler(obj(lc, "preStop"));
        }
    }

    private static void defaultHandler(ObjectNode h) {
        ObjectNode http = obj(h, "httpGet");
        if (http != null) {
            putIfEmpty(http, "path", "/");
            putIfEmpty(http, "scheme", "HTTP");
        }
        ObjectNode grpc = obj(h, "grpc");
        if (grpc != null) {
            putIfAbsent(grpc, "service", "");
        }
    }

    private static void putIfZero(ObjectNode o, String field, long value) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull() || (n.isNumber() && n.asLong() == 0)) {
            o.put(field, value);
        }
    }

    private static final Set<String> MODE_SOURCES = Set.of("secret", "configMap", "downwardAPI", "projected");

    /** SetDefaults_Volume and the volume-source defaults. */
    public static void defaultVolume(ObjectNode v) {
        boolean any = false;
        for (String s : VOLUME_SOURCES) {
            if (v.hasNonNull(s)) {
                any = true;
                break;
            }
        }
        if (!any) {
            v.putObject("emptyDir");
        }
        for (String s : MODE_SOURCES) {
            ObjectNode src = obj(v, s);
            if (src != null) {
                putIfAbsent(src, "defaultMode", 420L);
            }
        }
        putIfAbsent(obj(v, "hostPath"), "type", "");
        ObjectNode dapi = obj(v, "downwardAPI");
        for (ObjectNode item : objects(dapi, "items")) {
            putIfEmpty(obj(item, "fieldRef"), "apiVersion", "v1");
        }
        ObjectNode projected = obj(v, "projected");
        for (ObjectNode source : objects(projected, "sources")) {
            putIfAbsent(obj(source, "serviceAccountToken"), "expirationSeconds", 3600L);
            for (ObjectNode item : objects(obj(source, "downwardAPI"), "items")) {
                putIfEmpty(obj(item, "fieldRef"), "apiVersion", "v1");
            }
        }
        putIfEmpty(obj(v, "iscsi"), "iscsiInterface", "default");
        ObjectNode azureDisk = obj(v, "azureDisk");
        if (azureDisk != null) {
            putIfAbsent(azureDisk, "cachingMode", "ReadWrite");
            putIfAbsent(azureDisk, "kind", "Shared");
            putIfAbsent(azureDisk, "fsType", "ext4");
            putIfAbsent(azureDisk, "readOnly", false);
        }
        ObjectNode scaleIO = obj(v, "scaleIO");
        if (scaleIO != null) {
            putIfEmpty(scaleIO, "storageMode", "ThinProvisioned");
            putIfEmpty(scaleIO, "fsType", "xfs");
        }
        ObjectNode eph = obj(v, "ephemeral");
        ObjectNode vct = obj(eph, "volumeClaimTemplate");
        if (vct != null) {
            defaultPvcSpec(obj(vct, "spec"));
        }
        ObjectNode emptyDir = obj(v, "emptyDir");
        if (emptyDir != null && emptyDir.has("sizeLimit")) {
            dev.kube4j.apimachinery.resource.Quantity q = dev.kube4j.apimachinery.resource.Quantity.fromJson(emptyDir.get("sizeLimit"));
            if (q != null) {
                emptyDir.put("sizeLimit", q.roundUpMilli().toString());
            }
        }
    }

    /** SetDefaults_PersistentVolumeClaimSpec. */
    public static void defaultPvcSpec(ObjectNode spec) {
        if (spec == null) {
            return;
        }
        putIfAbsent(spec, "volumeMode", "Filesystem");
        ObjectNode res = obj(spec, "resources");
        if (res != null) {
            Resources.canonicalize(obj(res, "limits"));
            Resources.canonicalize(obj(res, "requests"));
        }
    }

    /**
     * The tag of an image reference as upstream's parsers.ParseImageName sees it: "latest" when there
     * is neither tag nor digest, "" when there is only a digest or the reference is invalid.
     */
    public static String imageTag(String image) {
        if (image == null || image.isEmpty() || !image.equals(image.strip())) {
            return "";
        }
        String name = image;
        boolean digest = false;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = true;
            name = name.substring(0, at);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        String tag = null;
        String repo = name;
        if (colon > slash) {
            tag = name.substring(colon + 1);
            repo = name.substring(0, colon);
            if (!tag.matches("[\\w][\\w.-]{0,127}")) {
                return "";
            }
        }
        String path = repo.contains("/") && (repo.substring(0, repo.indexOf('/')).contains(".")
                || repo.substring(0, repo.indexOf('/')).contains(":") || repo.startsWith("localhost/"))
                ? repo.substring(repo.indexOf('/') + 1) : repo;
        if (path.isEmpty() || !path.matches("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*")) {
            return "";
        }
        if (tag != null) {
            return tag;
        }
        return digest ? "" : "latest";
    }
}
