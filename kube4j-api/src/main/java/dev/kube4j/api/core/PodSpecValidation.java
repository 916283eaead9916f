package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.Resources;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.arr;
import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** Upstream's ValidatePodSpec / ValidatePodTemplateSpec (core validation), on JSON trees. */
public final class PodSpecValidation {

    private PodSpecValidation() {
    }

    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final String FILE_MODE_ERR = "must be a number between 0 and 0777 (octal), both inclusive";

    /** ValidatePodTemplateSpec: labels, annotations and the spec of an embedded template. */
    public static List<FieldError> validateTemplate(JsonNode template, Path path) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode meta = obj(template, "metadata");
        errs.addAll(ObjectMetaValidation.validateLabels(meta == null ? null : meta.get("labels"), path.child("labels")));
        errs.addAll(ObjectMetaValidation.validateAnnotations(meta == null ? null : meta.get("annotations"), path.child("annotations")));
        ObjectNode spec = obj(template, "spec");
        errs.addAll(validatePodSpec(spec, path.child("spec"), false));
        if (!elements(spec, "ephemeralContainers").isEmpty()) {
            errs.add(FieldError.forbidden(path.child("spec", "ephemeralContainers").toString(), "ephemeral containers not allowed in pod template"));
        }
        return errs;
    }

    /** ValidatePodSpec; {@code isPod} adds the pod-only checks. */
    public static List<FieldError> validatePodSpec(JsonNode spec, Path path, boolean isPod) {
        List<FieldError> errs = new ArrayList<>();
        if (spec == null || !spec.isObject()) {
            spec = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (lng(spec, "terminationGracePeriodSeconds") == null) {
            errs.add(FieldError.required(path.child("terminationGracePeriodSeconds").toString(), ""));
        }
        Map<String, ObjectNode> volumes = validateVolumes(spec, path.child("volumes"), errs);
        String restartPolicy = str(spec, "restartPolicy");
        validateContainers(spec, volumes, path.child("containers"), errs);
        validateInitContainers(spec, volumes, path.child("initContainers"), errs);
        validateHostNetworkDeps(spec, path, isPod, errs);
        switch (restartPolicy) {
            case "Always", "OnFailure", "Never" -> {
            }
            case "" -> errs.add(FieldError.required(path.child("restartPolicy").toString(), ""));
            default -> errs.add(FieldError.notSupported(path.child("restartPolicy").toString(), restartPolicy, List.of("Always", "OnFailure", "Never")));
        }
        String dnsPolicy = str(spec, "dnsPolicy");
        switch (dnsPolicy) {
            case "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None" -> {
            }
            case "" -> errs.add(FieldError.required(path.child("dnsPolicy").toString(), ""));
            default -> errs.add(FieldError.notSupported(path.child("dnsPolicy").toString(), dnsPolicy,
                    List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")));
        }
        errs.addAll(ObjectMetaValidation.validateLabels(spec.get("nodeSelector"), path.child("nodeSelector")));
        validatePodSecurityContext(obj(spec, "securityContext"), path.child("securityContext"), errs);
        List<JsonNode> pullSecrets = elements(spec, "imagePullSecrets");
        for (int i = 0; i < pullSecrets.size(); i++) {
            JsonNode s = pullSecrets.get(i);
            if (!s.isObject() || s.size() > (s.has("name") ? 1 : 0)) {
                errs.add(FieldError.invalid(path.child("imagePullSecrets").index(i).toString(), GoValue.struct("core.LocalObjectReference", s), "only name may be set"));
            }
        }
        validateDnsConfig(spec, dnsPolicy, path.child("dnsConfig"), errs);
        List<ObjectNode> gates = objects(spec, "readinessGates");
        for (int i = 0; i < gates.size(); i++) {
            String ct = str(gates.get(i), "conditionType");
            for (String m : Validators.isQualifiedName(ct)) {
                errs.add(FieldError.invalid(path.child("readinessGates").index(i).child("conditionType").toString(), ct, m));
            }
        }
        List<ObjectNode> sgates = objects(spec, "schedulingGates");
        Set<String> seenGates = new HashSet<>();
        for (int i = 0; i < sgates.size(); i++) {
            String n = str(sgates.get(i), "name");
            for (String m : Validators.isQualifiedName(n)) {
                errs.add(FieldError.invalid(path.child("schedulingGates").index(i).toString(), n, m));
            }
            if (!seenGates.add(n)) {
                errs.add(FieldError.duplicate(path.child("schedulingGates").index(i).toString(), n));
            }
        }
        String sa = str(spec, "serviceAccountName");
        if (!sa.isEmpty()) {
            for (String m : NameValidator.DNS_SUBDOMAIN.validate(sa, false)) {
                errs.add(FieldError.invalid(path.child("serviceAccountName").toString(), sa, m));
            }
        }
        String nodeName = str(spec, "nodeName");
        if (!nodeName.isEmpty()) {
            for (String m : NameValidator.DNS_SUBDOMAIN.validate(nodeName, false)) {
                errs.add(FieldError.invalid(path.child("nodeName").toString(), nodeName, m));
            }
        }
        Long ads = lng(spec, "activeDeadlineSeconds");
        if (ads != null && (ads < 1 || ads > Integer.MAX_VALUE)) {
            errs.add(FieldError.invalid(path.child("activeDeadlineSeconds").toString(), ads, Validators.inclusiveRangeError(1, Integer.MAX_VALUE)));
        }
        for (String f : List.of("hostname", "subdomain")) {
            String v = str(spec, f);
            if (!v.isEmpty()) {
                for (String m : Validators.isDNS1123Label(v)) {
                    errs.add(FieldError.invalid(path.child(f).toString(), v, m));
                }
            }
        }
        errs.addAll(validateTolerations(spec.get("tolerations"), path.child("tolerations")));
        validateAffinity(obj(spec, "affinity"), path.child("affinity"), errs);
        validateTopologySpread(spec, path.child("topologySpreadConstraints"), errs);
        List<ObjectNode> aliases = objects(spec, "hostAliases");
        for (int i = 0; i < aliases.size(); i++) {
            errs.addAll(Validators.isValidIP(path.child("hostAliases").index(i).child("ip"), str(aliases.get(i), "ip")));
            List<JsonNode> hns = elements(aliases.get(i), "hostnames");
            for (int j = 0; j < hns.size(); j++) {
                String hn = hns.get(j).asText();
                for (String m : Validators.isDNS1123Subdomain(hn)) {
                    errs.add(FieldError.invalid(path.child("hostAliases").index(i).child("hostnames").index(j).toString(), hn, m));
                }
            }
        }
        String pcn = str(spec, "priorityClassName");
        if (!pcn.isEmpty()) {
            for (String m : Validators.isDNS1123Subdomain(pcn)) {
                errs.add(FieldError.invalid(path.child("priorityClassName").toString(), pcn, m));
            }
        }
        String rcn = str(spec, "runtimeClassName");
        if (spec.has("runtimeClassName") && spec.get("runtimeClassName").isTextual()) {
            for (String m : Validators.isDNS1123Subdomain(rcn)) {
                errs.add(FieldError.invalid(path.child("runtimeClassName").toString(), rcn, m));
            }
        }
        String pp = str(spec, "preemptionPolicy");
        if (spec.has("preemptionPolicy") && !pp.equals("PreemptLowerPriority") && !pp.equals("Never")) {
            errs.add(pp.isEmpty() ? FieldError.required(path.child("preemptionPolicy").toString(), "")
                    : FieldError.notSupported(path.child("preemptionPolicy").toString(), pp, List.of("PreemptLowerPriority", "Never")));
        }
        ObjectNode os = obj(spec, "os");
        if (os != null) {
            String osName = str(os, "name");
            if (osName.isEmpty()) {
                errs.add(FieldError.required(path.child("os", "name").toString(), "cannot be empty"));
            } else if (!osName.equals("linux") && !osName.equals("windows")) {
                errs.add(FieldError.notSupported(path.child("os").toString(), osName, List.of("linux", "windows")));
            }
        }
        if (isPod) {
            for (String list : List.of("containers", "initContainers")) {
                List<ObjectNode> cs = objects(spec, list);
                for (int i = 0; i < cs.size(); i++) {
                    String image = str(cs.get(i), "image");
                    if (!image.equals(image.strip())) {
                        errs.add(FieldError.invalid(path.child(list).index(i).child("image").toString(), image, "must not have leading or trailing whitespace"));
                    }
                }
            }
        }
        return errs;
    }

    // ---- volumes ----

    private static Map<String, ObjectNode> validateVolumes(JsonNode spec, Path path, List<FieldError> errs) {
        Map<String, ObjectNode> vols = new LinkedHashMap<>();
        List<JsonNode> list = elements(spec, "volumes");
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            Path ip = path.index(i);
            List<FieldError> el = new ArrayList<>();
            String name = str(v, "name");
            validateVolumeSource(v, ip, el);
            if (name.isEmpty()) {
                el.add(FieldError.required(ip.child("name").toString(), ""));
            } else {
                for (String m : Validators.isDNS1123Label(name)) {
                    el.add(FieldError.invalid(ip.child("name").toString(), name, m));
                }
            }
            if (vols.containsKey(name)) {
                el.add(FieldError.duplicate(ip.child("name").toString(), name));
            }
            if (el.isEmpty() && v instanceof ObjectNode o) {
                vols.put(name, o);
            } else {
                errs.addAll(el);
            }
        }
        return vols;
    }

    private static void validateVolumeSource(JsonNode v, Path path, List<FieldError> errs) {
        int n = 0;
        for (String s : PodSpecs.VOLUME_SOURCES) {
            JsonNode src = v == null || !v.isObject() ? null : v.get(s);
            if (src == null || src.isNull()) {
                continue;
            }
            if (n > 0) {
                errs.add(FieldError.forbidden(path.child(s).toString(), "may not specify more than 1 volume type"));
                continue;
            }
            n++;
            Path sp = path.child(s);
            switch (s) {
                case "hostPath" -> {
                    if (str(src, "path").isEmpty()) {
                        errs.add(FieldError.required(sp.child("path").toString(), ""));
                    } else {
                        errs.addAll(noBacksteps(str(src, "path"), sp.child("path")));
                        String t = str(src, "type");
                        if (src.has("type") && !Set.of("", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice").contains(t)) {
                            errs.add(FieldError.notSupported(sp.child("type").toString(), t, List.of("", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket")));
                        }
                    }
                }
                case "emptyDir" -> {
                    Quantity q = Quantity.fromJson(src.get("sizeLimit"));
                    if (q != null && q.signum() < 0) {
                        errs.add(FieldError.forbidden(sp.child("sizeLimit").toString(), "SizeLimit field must be a valid resource quantity"));
                    }
                }
                case "secret" -> {
                    if (str(src, "secretName").isEmpty()) {
                        errs.add(FieldError.required(sp.child("secretName").toString(), ""));
                    }
                    mode(src, "defaultMode", sp, errs);
                    items(src, sp, errs);
                }
                case "configMap" -> {
                    if (str(src, "name").isEmpty()) {
                        errs.add(FieldError.required(sp.child("name").toString(), ""));
                    }
                    mode(src, "defaultMode", sp, errs);
                    items(src, sp, errs);
                }
                case "persistentVolumeClaim" -> {
                    if (str(src, "claimName").isEmpty()) {
                        errs.add(FieldError.required(sp.child("claimName").toString(), ""));
                    }
                }
                case "nfs" -> {
                    if (str(src, "server").isEmpty()) {
                        errs.add(FieldError.required(sp.child("server").toString(), ""));
                    }
                    String p = str(src, "path");
                    if (p.isEmpty()) {
                        errs.add(FieldError.required(sp.child("path").toString(), ""));
                    }
                    if (!p.startsWith("/")) {
                        errs.add(FieldError.invalid(sp.child("path").toString(), p, "must be an absolute path"));
                    }
                }
                case "downwardAPI" -> {
                    mode(src, "defaultMode", sp, errs);
                    for (ObjectNode f : objects(src, "items")) {
                        if (str(f, "path").isEmpty()) {
                            errs.add(FieldError.required(sp.child("path").toString(), ""));
                        }
                    }
                }
                case "csi" -> {
                    if (str(src, "driver").isEmpty()) {
                        errs.add(FieldError.required(sp.child("driver").toString(), ""));
                    }
                }
                case "ephemeral" -> {
                    if (obj(src, "volumeClaimTemplate") == null) {
                        errs.add(FieldError.required(sp.child("volumeClaimTemplate").toString(), ""));
                    }
                }
                case "image" -> {
                    if (str(src, "reference").isEmpty()) {
                        errs.add(FieldError.required(sp.child("reference").toString(), ""));
                    }
                }
                case "gitRepo" -> {
                    if (str(src, "repository").isEmpty()) {
                        errs.add(FieldError.required(sp.child("repository").toString(), ""));
                    }
                }
                default -> {
                }
            }
        }
        if (n == 0) {
            errs.add(FieldError.required(path.toString(), "must specify a volume type"));
        }
    }

    private static void mode(JsonNode src, String field, Path sp, List<FieldError> errs) {
        Long m = lng(src, field);
        if (m != null && (m > 0777 || m < 0)) {
            errs.add(FieldError.invalid(sp.child(field).toString(), m, FILE_MODE_ERR));
        }
    }

    private static void items(JsonNode src, Path sp, List<FieldError> errs) {
        List<ObjectNode> items = objects(src, "items");
        for (int i = 0; i < items.size(); i++) {
            Path ip = sp.child("items").index(i);
            ObjectNode kp = items.get(i);
            if (str(kp, "key").isEmpty()) {
                errs.add(FieldError.required(ip.child("key").toString(), ""));
            }
            String p = str(kp, "path");
            if (p.isEmpty()) {
                errs.add(FieldError.required(ip.child("path").toString(), ""));
            }
            errs.addAll(localNonReservedPath(p, ip.child("path")));
            mode(kp, "mode", ip, errs);
        }
    }

    private static List<FieldError> noBacksteps(String p, Path path) {
        for (String part : p.replace('\\', '/').split("/")) {
            if (part.equals("..")) {
                return List.of(FieldError.invalid(path.toString(), p, "must not contain '..'"));
            }
        }
        return List.of();
    }

    private static List<FieldError> localNonReservedPath(String p, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (p.startsWith("/")) {
            errs.add(FieldError.invalid(path.toString(), p, "must be a relative path"));
        }
        errs.addAll(noBacksteps(p, path));
        if (p.startsWith("..")) {
            errs.add(FieldError.invalid(path.toString(), p, "must not start with '..'"));
        }
        return errs;
    }

    // ---- containers ----

    private static void validateContainers(JsonNode spec, Map<String, ObjectNode> volumes, Path path, List<FieldError> errs) {
        List<JsonNode> cs = elements(spec, "containers");
        if (cs.isEmpty()) {
            errs.add(FieldError.required(path.toString(), ""));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < cs.size(); i++) {
            JsonNode c = cs.get(i);
            Path cp = path.index(i);
            validateContainerCommon(c, volumes, cp, errs);
            String name = str(c, "name");
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(cp.child("name").toString(), name));
            }
            ObjectNode lc = obj(c, "lifecycle");
            if (lc != null) {
                validateLifecycle(lc, cp.child("lifecycle"), errs);
            }
            validateProbe(obj(c, "livenessProbe"), cp.child("livenessProbe"), true, errs);
            validateProbe(obj(c, "readinessProbe"), cp.child("readinessProbe"), false, errs);
            validateProbe(obj(c, "startupProbe"), cp.child("startupProbe"), true, errs);
            if (c.hasNonNull("restartPolicy")) {
                errs.add(FieldError.forbidden(cp.child("restartPolicy").toString(), "may not be set for non-init containers"));
            }
        }
        hostPortConflicts(cs, path, errs);
    }

    private static void validateInitContainers(JsonNode spec, Map<String, ObjectNode> volumes, Path path, List<FieldError> errs) {
        Set<String> names = new HashSet<>();
        for (JsonNode c : elements(spec, "containers")) {
            names.add(str(c, "name"));
        }
        List<JsonNode> cs = elements(spec, "initContainers");
        for (int i = 0; i < cs.size(); i++) {
            JsonNode c = cs.get(i);
            Path cp = path.index(i);
            validateContainerCommon(c, volumes, cp, errs);
            boolean restartAlways = false;
            if (c.hasNonNull("restartPolicy")) {
                String rp = c.get("restartPolicy").asText();
                if (!rp.equals("Always")) {
                    errs.add(FieldError.notSupported(cp.child("restartPolicy").toString(), rp, List.of("Always")));
                }
                restartAlways = rp.equals("Always");
            }
            String name = str(c, "name");
            if (names.contains(name)) {
                errs.add(FieldError.duplicate(cp.child("name").toString(), name));
            } else if (!name.isEmpty()) {
                names.add(name);
            }
            hostPortConflicts(List.of(c), path, errs);
            if (restartAlways) {
                ObjectNode lc = obj(c, "lifecycle");
                if (lc != null) {
                    validateLifecycle(lc, cp.child("lifecycle"), errs);
                }
                validateProbe(obj(c, "livenessProbe"), cp.child("livenessProbe"), true, errs);
                validateProbe(obj(c, "readinessProbe"), cp.child("readinessProbe"), false, errs);
                validateProbe(obj(c, "startupProbe"), cp.child("startupProbe"), true, errs);
            } else {
                for (String f : List.of("lifecycle", "livenessProbe", "readinessProbe", "startupProbe")) {
                    if (c.hasNonNull(f)) {
                        errs.add(FieldError.forbidden(cp.child(f).toString(), "may not be set for init containers without restartPolicy=Always"));
                    }
                }
            }
        }
    }

    private static void validateContainerCommon(JsonNode c, Map<String, ObjectNode> volumes, Path path, List<FieldError> errs) {
        String name = str(c, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(path.child("name").toString(), ""));
        } else {
            for (String m : Validators.isDNS1123Label(name)) {
                errs.add(FieldError.invalid(path.child("name").toString(), name, m));
            }
        }
        if (str(c, "image").isEmpty()) {
            errs.add(FieldError.required(path.child("image").toString(), ""));
        }
        String tmp = str(c, "terminationMessagePolicy");
        switch (tmp) {
            case "File", "FallbackToLogsOnError" -> {
            }
            case "" -> errs.add(FieldError.required(path.child("terminationMessagePolicy").toString(), ""));
            default -> errs.add(FieldError.notSupported(path.child("terminationMessagePolicy").toString(), tmp, List.of("File", "FallbackToLogsOnError")));
        }
        validatePorts(c, path.child("ports"), errs);
        validateEnv(c, path.child("env"), errs);
        validateEnvFrom(c, path.child("envFrom"), errs);
        validateVolumeMounts(c, volumes, path.child("volumeMounts"), errs);
        String pull = str(c, "imagePullPolicy");
        switch (pull) {
            case "Always", "IfNotPresent", "Never" -> {
            }
            case "" -> errs.add(FieldError.required(path.child("imagePullPolicy").toString(), ""));
            default -> errs.add(FieldError.notSupported(path.child("imagePullPolicy").toString(), pull, List.of("Always", "IfNotPresent", "Never")));
        }
        validateResourceRequirements(obj(c, "resources"), path.child("resources"), errs);
        validateSecurityContext(obj(c, "securityContext"), path.child("securityContext"), errs);
    }

    private static void validatePorts(JsonNode c, Path path, List<FieldError> errs) {
        Set<String> names = new HashSet<>();
        List<JsonNode> ports = elements(c, "ports");
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            Path pp = path.index(i);
            String name = str(p, "name");
            if (!name.isEmpty()) {
                List<String> msgs = Validators.isValidPortName(name);
                if (!msgs.isEmpty()) {
                    for (String m : msgs) {
                        errs.add(FieldError.invalid(pp.child("name").toString(), name, m));
                    }
                } else if (!names.add(name)) {
                    errs.add(FieldError.duplicate(pp.child("name").toString(), name));
                }
            }
            long cport = lng(p, "containerPort", 0);
            if (cport == 0) {
                errs.add(FieldError.required(pp.child("containerPort").toString(), ""));
            } else {
                for (String m : Validators.isValidPortNum(cport)) {
                    errs.add(FieldError.invalid(pp.child("containerPort").toString(), cport, m));
                }
            }
            long hport = lng(p, "hostPort", 0);
            if (hport != 0) {
                for (String m : Validators.isValidPortNum(hport)) {
                    errs.add(FieldError.invalid(pp.child("hostPort").toString(), hport, m));
                }
            }
            String proto = str(p, "protocol");
            if (proto.isEmpty()) {
                errs.add(FieldError.required(pp.child("protocol").toString(), ""));
            } else if (!PROTOCOLS.contains(proto)) {
                errs.add(FieldError.notSupported(pp.child("protocol").toString(), proto, PROTOCOLS));
            }
        }
    }

    private static void hostPortConflicts(List<JsonNode> containers, Path path, List<FieldError> errs) {
        Set<String> seen = new HashSet<>();
        for (int ci = 0; ci < containers.size(); ci++) {
            List<JsonNode> ports = elements(containers.get(ci), "ports");
            for (int pi = 0; pi < ports.size(); pi++) {
                long hp = lng(ports.get(pi), "hostPort", 0);
                if (hp == 0) {
                    continue;
                }
                String key = str(ports.get(pi), "protocol") + "/" + str(ports.get(pi), "hostIP") + "/" + hp;
                if (!seen.add(key)) {
                    errs.add(FieldError.duplicate(path.index(ci).child("ports").index(pi).child("hostPort").toString(), key));
                }
            }
        }
    }

    private static final List<String> ENV_FIELD_PATHS = List.of("metadata.annotations", "metadata.labels", "metadata.name",
            "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP",
            "status.hostIPs", "status.podIP", "status.podIPs");
    private static final List<String> RESOURCE_FIELD_PATHS = List.of("limits.cpu", "limits.ephemeral-storage", "limits.memory",
            "requests.cpu", "requests.ephemeral-storage", "requests.memory");

    private static void validateEnv(JsonNode c, Path path, List<FieldError> errs) {
        List<JsonNode> env = elements(c, "env");
        for (int i = 0; i < env.size(); i++) {
            JsonNode e = env.get(i);
            Path ep = path.index(i);
            String name = str(e, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(ep.child("name").toString(), ""));
            } else {
                for (String m : Validators.isRelaxedEnvVarName(name)) {
                    errs.add(FieldError.invalid(ep.child("name").toString(), name, m));
                }
            }
            ObjectNode vf = obj(e, "valueFrom");
            if (vf == null) {
                continue;
            }
            Path vp = ep.child("valueFrom");
            int n = 0;
            ObjectNode fr = obj(vf, "fieldRef");
            if (fr != null) {
                n++;
                if (str(fr, "apiVersion").isEmpty()) {
                    errs.add(FieldError.required(vp.child("fieldRef", "apiVersion").toString(), ""));
                } else if (str(fr, "fieldPath").isEmpty()) {
                    errs.add(FieldError.required(vp.child("fieldRef", "fieldPath").toString(), ""));
                } else {
                    String fp = str(fr, "fieldPath");
                    int b = fp.indexOf('[');
                    if (b > 0 && fp.endsWith("]") && (fp.startsWith("metadata.labels[") || fp.startsWith("metadata.annotations["))) {
                        String sub = fp.substring(b + 1, fp.length() - 1).replace("'", "");
                        for (String m : Validators.isQualifiedName(fp.startsWith("metadata.annotations") ? sub.toLowerCase() : sub)) {
                            errs.add(FieldError.invalid(vp.child("fieldRef").toString(), sub, m));
                        }
                    } else if (!ENV_FIELD_PATHS.contains(fp) || fp.equals("metadata.labels") || fp.equals("metadata.annotations")) {
                        errs.add(FieldError.notSupported(vp.child("fieldRef", "fieldPath").toString(), fp,
                                List.of("metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace",
                                        "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP",
                                        "status.hostIPs", "status.podIP", "status.podIPs")));
                    }
                }
            }
            ObjectNode rf = obj(vf, "resourceFieldRef");
            if (rf != null) {
                n++;
                String r = str(rf, "resource");
                if (r.isEmpty()) {
                    errs.add(FieldError.required(vp.child("resourceFieldRef", "resource").toString(), ""));
                } else if (!RESOURCE_FIELD_PATHS.contains(r) && !r.startsWith("requests.hugepages-") && !r.startsWith("limits.hugepages-")) {
                    errs.add(FieldError.notSupported(vp.child("resourceFieldRef", "resource").toString(), r, RESOURCE_FIELD_PATHS));
                }
            }
            for (String kind : List.of("configMapKeyRef", "secretKeyRef")) {
                ObjectNode ref = obj(vf, kind);
                if (ref == null) {
                    continue;
                }
                n++;
                String rn = str(ref, "name");
                for (String m : Validators.isDNS1123Subdomain(rn)) {
                    errs.add(FieldError.invalid(vp.child(kind, "name").toString(), rn, m));
                }
                String key = str(ref, "key");
                if (key.isEmpty()) {
                    errs.add(FieldError.required(vp.child(kind, "key").toString(), ""));
                } else {
                    for (String m : Validators.isConfigMapKey(key)) {
                        errs.add(FieldError.invalid(vp.child(kind, "key").toString(), key, m));
                    }
                }
            }
            if (n == 0) {
                errs.add(FieldError.invalid(vp.toString(), "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
            } else if (!str(e, "value").isEmpty()) {
                errs.add(FieldError.invalid(vp.toString(), "", "may not be specified when `value` is not empty"));
            } else if (n > 1) {
                errs.add(FieldError.invalid(vp.toString(), "", "may not have more than one field specified at a time"));
            }
        }
    }

    private static void validateEnvFrom(JsonNode c, Path path, List<FieldError> errs) {
        List<JsonNode> list = elements(c, "envFrom");
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            Path ep = path.index(i);
            String prefix = str(e, "prefix");
            if (!prefix.isEmpty()) {
                for (String m : Validators.isRelaxedEnvVarName(prefix)) {
                    errs.add(FieldError.invalid(ep.child("prefix").toString(), prefix, m));
                }
            }
            int n = 0;
            for (String kind : List.of("configMapRef", "secretRef")) {
                ObjectNode ref = obj(e, kind);
                if (ref == null) {
                    continue;
                }
                n++;
                String rn = str(ref, "name");
                if (rn.isEmpty()) {
                    errs.add(FieldError.required(ep.child(kind, "name").toString(), ""));
                } else {
                    for (String m : NameValidator.DNS_SUBDOMAIN.validate(rn, true)) {
                        errs.add(FieldError.invalid(ep.child(kind, "name").toString(), rn, m));
                    }
                }
            }
            if (n == 0) {
                errs.add(FieldError.invalid(path.toString(), "", "must specify one of: `configMapRef` or `secretRef`"));
            } else if (n > 1) {
                errs.add(FieldError.invalid(path.toString(), "", "may not have more than one field specified at a time"));
            }
        }
    }

    private static void validateVolumeMounts(JsonNode c, Map<String, ObjectNode> volumes, Path path, List<FieldError> errs) {
        Set<String> mountPoints = new HashSet<>();
        List<JsonNode> mounts = elements(c, "volumeMounts");
        for (int i = 0; i < mounts.size(); i++) {
            JsonNode m = mounts.get(i);
            Path mp = path.index(i);
            String name = str(m, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(mp.child("name").toString(), ""));
            }
            if (!volumes.containsKey(name)) {
                errs.add(FieldError.notFound(mp.child("name").toString(), name));
            }
            String mountPath = str(m, "mountPath");
            if (mountPath.isEmpty()) {
                errs.add(FieldError.required(mp.child("mountPath").toString(), ""));
            }
            if (!mountPoints.add(mountPath)) {
                errs.add(FieldError.invalid(mp.child("mountPath").toString(), mountPath, "must be unique"));
            }
            String sub = str(m, "subPath");
            if (!sub.isEmpty()) {
                errs.addAll(localDescendingPath(sub, path.child("subPath")));
            }
            String subExpr = str(m, "subPathExpr");
            if (!subExpr.isEmpty()) {
                if (!sub.isEmpty()) {
                    errs.add(FieldError.invalid(mp.child("subPathExpr").toString(), subExpr, "subPathExpr and subPath are mutually exclusive"));
                }
                errs.addAll(localDescendingPath(subExpr, path.child("subPathExpr")));
            }
            String prop = str(m, "mountPropagation");
            if (m.isObject() && m.has("mountPropagation") && !Set.of("None", "HostToContainer", "Bidirectional").contains(prop)) {
                errs.add(FieldError.notSupported(path.child("mountPropagation").toString(), prop, List.of("Bidirectional", "HostToContainer", "None")));
            }
        }
    }

    private static List<FieldError> localDescendingPath(String p, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (p.startsWith("/")) {
            errs.add(FieldError.invalid(path.toString(), p, "must be a relative path"));
        }
        errs.addAll(noBacksteps(p, path));
        return errs;
    }

    /** validateResourceRequirements for a container: names, quantities, requests ≤ limits. */
    public static void validateResourceRequirements(JsonNode res, Path path, List<FieldError> errs) {
        if (res == null) {
            return;
        }
        Path limPath = path.child("limits");
        Path reqPath = path.child("requests");
        ObjectNode limits = obj(res, "limits");
        ObjectNode requests = obj(res, "requests");
        boolean limCpuMem = false;
        boolean reqCpuMem = false;
        boolean huge = false;
        Map<String, Quantity> limitQ = new HashMap<>();
        if (limits != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = limits.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Path fp = limPath.key(e.getKey());
                errs.addAll(Resources.validateContainerResourceName(e.getKey(), fp));
                errs.addAll(Resources.validateQuantity(e.getKey(), e.getValue(), fp));
                Quantity q = Quantity.fromJson(e.getValue());
                if (q != null) {
                    limitQ.put(e.getKey(), q);
                }
                huge |= Resources.isHugePages(e.getKey());
                limCpuMem |= e.getKey().equals("cpu") || e.getKey().equals("memory");
            }
        }
        if (requests != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = requests.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String rn = e.getKey();
                Path fp = reqPath.key(rn);
                errs.addAll(Resources.validateContainerResourceName(rn, fp));
                errs.addAll(Resources.validateQuantity(rn, e.getValue(), fp));
                Quantity q = Quantity.fromJson(e.getValue());
                Quantity lim = limitQ.get(rn);
                if (q != null && lim != null) {
                    if (q.compareTo(lim) != 0 && !Resources.isOvercommitAllowed(rn)) {
                        errs.add(FieldError.invalid(reqPath.toString(), q.toString(), "must be equal to " + rn + " limit of " + lim));
                    } else if (q.compareTo(lim) > 0) {
                        errs.add(FieldError.invalid(reqPath.toString(), q.toString(), "must be less than or equal to " + rn + " limit of " + lim));
                    }
                } else if (q != null && (limits == null || !limits.has(rn)) && !Resources.isOvercommitAllowed(rn)) {
                    errs.add(FieldError.required(limPath.toString(), "Limit must be set for non overcommitable resources"));
                }
                huge |= Resources.isHugePages(rn);
                reqCpuMem |= rn.equals("cpu") || rn.equals("memory");
            }
        }
        if (!limCpuMem && !reqCpuMem && huge) {
            errs.add(FieldError.forbidden(path.toString(), "HugePages require cpu or memory"));
        }
    }

    private static void validateProbe(ObjectNode probe, Path path, boolean successMustBeOne, List<FieldError> errs) {
        if (probe == null) {
            return;
        }
        validateHandler(probe, path, false, errs);
        for (String f : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold")) {
            errs.addAll(ObjectMetaValidation.validateNonnegative(lng(probe, f), path.child(f)));
        }
        Long tgps = lng(probe, "terminationGracePeriodSeconds");
        if (tgps != null && tgps <= 0) {
            errs.add(FieldError.invalid(path.child("terminationGracePeriodSeconds").toString(), tgps, "must be greater than 0"));
        }
        Long st = lng(probe, "successThreshold");
        if (successMustBeOne && st != null && st != 1) {
            errs.add(FieldError.invalid(path.child("successThreshold").toString(), st, "must be 1"));
        }
        if (!successMustBeOne && probe.hasNonNull("terminationGracePeriodSeconds")) {
            errs.add(FieldError.invalid(path.child("terminationGracePeriodSeconds").toString(), tgps, "must not be set for readinessProbes"));
        }
    }

    private static void validateLifecycle(ObjectNode lc, Path path, List<FieldError> errs) {
        for (String h : List.of("postStart", "preStop")) {
            ObjectNode handler = obj(lc, h);
            if (handler != null) {
                validateHandler(handler, path.child(h), true, errs);
            }
        }
    }

    private static void validateHandler(ObjectNode h, Path path, boolean lifecycle, List<FieldError> errs) {
        int n = 0;
        List<String> kinds = lifecycle ? List.of("exec", "httpGet", "tcpSocket", "sleep") : List.of("exec", "httpGet", "tcpSocket", "grpc");
        for (String k : kinds) {
            ObjectNode a = obj(h, k);
            if (a == null) {
                continue;
            }
            if (n > 0) {
                errs.add(FieldError.forbidden(path.child(k).toString(), "may not specify more than 1 handler type"));
                continue;
            }
            n++;
            Path ap = path.child(k);
            switch (k) {
                case "exec" -> {
                    if (elements(a, "command").isEmpty()) {
                        errs.add(FieldError.required(ap.child("command").toString(), ""));
                    }
                }
                case "httpGet" -> {
                    if (str(a, "path").isEmpty()) {
                        errs.add(FieldError.required(ap.child("path").toString(), ""));
                    }
                    errs.addAll(validatePortNumOrName(a.get("port"), ap.child("port")));
                    String scheme = str(a, "scheme");
                    if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
                        errs.add(FieldError.notSupported(ap.child("scheme").toString(), scheme, List.of("HTTP", "HTTPS")));
                    }
                    for (ObjectNode hdr : objects(a, "httpHeaders")) {
                        for (String m : Validators.isHTTPHeaderName(str(hdr, "name"))) {
                            errs.add(FieldError.invalid(ap.child("httpHeaders").toString(), str(hdr, "name"), m));
                        }
                    }
                }
                case "tcpSocket" -> errs.addAll(validatePortNumOrName(a.get("port"), ap.child("port")));
                case "grpc" -> {
                    long port = lng(a, "port", 0);
                    for (String m : Validators.isValidPortNum(port)) {
                        errs.add(FieldError.invalid(ap.child("port").toString(), port, m));
                    }
                }
                default -> {
                }
            }
        }
        if (n == 0) {
            errs.add(FieldError.required(path.toString(), "must specify a handler type"));
        }
    }

    /** ValidatePortNumOrName for an IntOrString port. */
    public static List<FieldError> validatePortNumOrName(JsonNode port, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (port != null && port.isTextual()) {
            for (String m : Validators.isValidPortName(port.asText())) {
                errs.add(FieldError.invalid(path.toString(), port.asText(), m));
            }
        } else {
            long v = port != null && port.isNumber() ? port.asLong() : 0;
            for (String m : Validators.isValidPortNum(v)) {
                errs.add(FieldError.invalid(path.toString(), v, m));
            }
        }
        return errs;
    }

    private static void validateSecurityContext(ObjectNode sc, Path path, List<FieldError> errs) {
        if (sc == null) {
            return;
        }
        for (String f : List.of("runAsUser", "runAsGroup")) {
            Long v = lng(sc, f);
            if (v != null) {
                for (String m : Validators.isInRange(v, 0, Integer.MAX_VALUE)) {
                    errs.add(FieldError.invalid(path.child(f).toString(), v, m));
                }
            }
        }
        if (Boolean.FALSE.equals(sc.has("allowPrivilegeEscalation") && sc.get("allowPrivilegeEscalation").isBoolean() ? sc.get("allowPrivilegeEscalation").asBoolean() : null)
                && sc.path("privileged").asBoolean(false)) {
            errs.add(FieldError.invalid(path.toString(), GoValue.struct("core.SecurityContext", sc), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
        }
    }

    private static void validatePodSecurityContext(ObjectNode sc, Path path, List<FieldError> errs) {
        if (sc == null) {
            return;
        }
        for (String f : List.of("fsGroup", "runAsUser", "runAsGroup")) {
            Long v = lng(sc, f);
            if (v != null) {
                for (String m : Validators.isInRange(v, 0, Integer.MAX_VALUE)) {
                    errs.add(FieldError.invalid(path.child(f).toString(), v, m));
                }
            }
        }
        List<JsonNode> groups = elements(sc, "supplementalGroups");
        for (int i = 0; i < groups.size(); i++) {
            long g = groups.get(i).asLong();
            for (String m : Validators.isInRange(g, 0, Integer.MAX_VALUE)) {
                errs.add(FieldError.invalid(path.child("supplementalGroups").index(i).toString(), g, m));
            }
        }
        String fgcp = str(sc, "fsGroupChangePolicy");
        if (sc.has("fsGroupChangePolicy") && !fgcp.equals("OnRootMismatch") && !fgcp.equals("Always")) {
            errs.add(FieldError.notSupported(path.child("fsGroupChangePolicy").toString(), fgcp, List.of("Always", "OnRootMismatch")));
        }
        List<ObjectNode> sysctls = objects(sc, "sysctls");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sysctls.size(); i++) {
            String n = str(sysctls.get(i), "name");
            Path sp = path.child("sysctls").index(i).child("name");
            if (n.isEmpty()) {
                errs.add(FieldError.required(sp.toString(), ""));
            } else if (n.length() > 253 || !n.matches("([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?")) {
                errs.add(FieldError.invalid(sp.toString(), n, "must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"));
            } else if (!names.add(n)) {
                errs.add(FieldError.duplicate(sp.toString(), n));
            }
        }
    }

    private static void validateDnsConfig(JsonNode spec, String dnsPolicy, Path path, List<FieldError> errs) {
        ObjectNode cfg = obj(spec, "dnsConfig");
        if (dnsPolicy.equals("None")) {
            if (cfg == null) {
                errs.add(FieldError.required(path.toString(), "must provide `dnsConfig` when `dnsPolicy` is None"));
                return;
            }
            if (elements(cfg, "nameservers").isEmpty()) {
                errs.add(FieldError.required(path.child("nameservers").toString(), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
                return;
            }
        }
        if (cfg == null) {
            return;
        }
        List<JsonNode> ns = elements(cfg, "nameservers");
        if (ns.size() > 3) {
            errs.add(FieldError.invalid(path.child("nameservers").toString(), GoValue.stringSlice(cfg.get("nameservers")), "must not have more than 3 nameservers"));
        }
        for (int i = 0; i < ns.size(); i++) {
            errs.addAll(Validators.isValidIP(path.child("nameservers").index(i), ns.get(i).asText()));
        }
        List<JsonNode> searches = elements(cfg, "searches");
        if (searches.size() > 32) {
            errs.add(FieldError.invalid(path.child("searches").toString(), GoValue.stringSlice(cfg.get("searches")), "must not have more than 32 search paths"));
        }
        for (int i = 0; i < searches.size(); i++) {
            String s = searches.get(i).asText();
            if (s.equals(".")) {
                continue;
            }
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
            if (!s.matches("_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*") || s.length() > 253) {
                errs.add(FieldError.invalid(path.child("searches").index(i).toString(), s,
                        Validators.regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
                                "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*", "example.com")));
            }
        }
        List<JsonNode> options = elements(cfg, "options");
        for (int i = 0; i < options.size(); i++) {
            if (str(options.get(i), "name").isEmpty()) {
                errs.add(FieldError.required(path.child("options").index(i).toString(), "must not be empty"));
            }
        }
    }

    private static void validateHostNetworkDeps(JsonNode spec, Path path, boolean isPod, List<FieldError> errs) {
        if (!spec.path("hostNetwork").asBoolean(false)) {
            return;
        }
        List<JsonNode> cs = elements(spec, "containers");
        for (int i = 0; i < cs.size(); i++) {
            List<JsonNode> ports = elements(cs.get(i), "ports");
            for (int j = 0; j < ports.size(); j++) {
                long hp = lng(ports.get(j), "hostPort", 0);
                long cp = lng(ports.get(j), "containerPort", 0);
                if ((isPod || hp != 0) && hp != cp) {
                    errs.add(FieldError.invalid(path.child("containers").index(i).child("ports").index(j).child("hostPort").toString(), hp,
                            "must match `containerPort` when `hostNetwork` is true"));
                }
            }
        }
    }

    private static void validateAffinity(JsonNode affinity, Path path, List<FieldError> errs) {
        if (affinity == null) {
            return;
        }
        JsonNode na = obj(affinity, "nodeAffinity");
        if (na != null) {
            Path np = path.child("nodeAffinity");
            JsonNode required = obj(na, "requiredDuringSchedulingIgnoredDuringExecution");
            if (required != null) {
                Path rp = np.child("requiredDuringSchedulingIgnoredDuringExecution");
                List<JsonNode> terms = elements(required, "nodeSelectorTerms");
                if (terms.isEmpty()) {
                    errs.add(FieldError.required(rp.child("nodeSelectorTerms").toString(), "must have at least one node selector term"));
                }
                for (int i = 0; i < terms.size(); i++) {
                    validateNodeSelectorTerm(terms.get(i), rp.child("nodeSelectorTerms").index(i), errs);
                }
            }
            List<JsonNode> preferred = elements(na, "preferredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < preferred.size(); i++) {
                Path pp = np.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
                long w = lng(preferred.get(i), "weight", 0);
                if (w <= 0 || w > 100) {
                    errs.add(FieldError.invalid(pp.child("weight").toString(), w, "must be in the range 1-100"));
                }
                validateNodeSelectorTerm(obj(preferred.get(i), "preference"), pp.child("preference"), errs);
            }
        }
        for (String kind : List.of("podAffinity", "podAntiAffinity")) {
            JsonNode pa = obj(affinity, kind);
            if (pa == null) {
                continue;
            }
            Path kp = path.child(kind);
            List<JsonNode> req = elements(pa, "requiredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < req.size(); i++) {
                validatePodAffinityTerm(req.get(i), kp.child("requiredDuringSchedulingIgnoredDuringExecution").index(i), errs);
            }
            List<JsonNode> pref = elements(pa, "preferredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < pref.size(); i++) {
                Path pp = kp.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
                long w = lng(pref.get(i), "weight", 0);
                if (w <= 0 || w > 100) {
                    errs.add(FieldError.invalid(pp.child("weight").toString(), w, "must be in the range 1-100"));
                }
                validatePodAffinityTerm(obj(pref.get(i), "podAffinityTerm"), pp.child("podAffinityTerm"), errs);
            }
        }
    }

    private static void validatePodAffinityTerm(JsonNode term, Path path, List<FieldError> errs) {
        errs.addAll(ObjectMetaValidation.validateLabelSelector(term == null ? null : term.get("labelSelector"), path.child("labelSelector"), false));
        errs.addAll(ObjectMetaValidation.validateLabelSelector(term == null ? null : term.get("namespaceSelector"), path.child("namespaceSelector"), false));
        for (JsonNode ns : elements(term, "namespaces")) {
            for (String m : Validators.isDNS1123Label(ns.asText())) {
                errs.add(FieldError.invalid(path.child("namespace").toString(), ns.asText(), m));
            }
        }
        String key = str(term, "topologyKey");
        if (key.isEmpty()) {
            errs.add(FieldError.required(path.child("topologyKey").toString(), "can not be empty"));
        } else {
            errs.addAll(ObjectMetaValidation.validateLabelName(key, path.child("topologyKey")));
        }
    }

    private static void validateNodeSelectorTerm(JsonNode term, Path path, List<FieldError> errs) {
        for (String list : List.of("matchExpressions", "matchFields")) {
            List<JsonNode> reqs = elements(term, list);
            for (int i = 0; i < reqs.size(); i++) {
                JsonNode r = reqs.get(i);
                Path rp = path.child(list).index(i);
                int n = elements(r, "values").size();
                String op = str(r, "operator");
                switch (op) {
                    case "In", "NotIn" -> {
                        if (n == 0) {
                            errs.add(FieldError.required(rp.child("values").toString(), "must be specified when `operator` is 'In' or 'NotIn'"));
                        }
                    }
                    case "Exists", "DoesNotExist" -> {
                        if (n > 0) {
                            errs.add(FieldError.forbidden(rp.child("values").toString(), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                        }
                    }
                    case "Gt", "Lt" -> {
                        if (n != 1) {
                            errs.add(FieldError.required(rp.child("values").toString(), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                        }
                    }
                    default -> errs.add(FieldError.invalid(rp.child("operator").toString(), op, "not a valid selector operator"));
                }
                if (list.equals("matchExpressions")) {
                    errs.addAll(ObjectMetaValidation.validateLabelName(str(r, "key"), rp.child("key")));
                } else if (!str(r, "key").equals("metadata.name")) {
                    errs.add(FieldError.invalid(rp.child("key").toString(), str(r, "key"), "not a valid field selector key"));
                }
            }
        }
    }

    private static void validateTopologySpread(JsonNode spec, Path path, List<FieldError> errs) {
        List<JsonNode> cs = elements(spec, "topologySpreadConstraints");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cs.size(); i++) {
            JsonNode c = cs.get(i);
            Path cp = path.index(i);
            long skew = lng(c, "maxSkew", 0);
            if (skew <= 0) {
                errs.add(FieldError.invalid(cp.child("maxSkew").toString(), skew, "must be greater than zero"));
            }
            String key = str(c, "topologyKey");
            if (key.isEmpty()) {
                errs.add(FieldError.required(cp.child("topologyKey").toString(), "can not be empty"));
            } else {
                errs.addAll(ObjectMetaValidation.validateLabelName(key, cp.child("topologyKey")));
            }
            String action = str(c, "whenUnsatisfiable");
            if (!action.equals("DoNotSchedule") && !action.equals("ScheduleAnyway")) {
                errs.add(FieldError.notSupported(cp.child("whenUnsatisfiable").toString(), action, List.of("DoNotSchedule", "ScheduleAnyway")));
            }
            if (!seen.add(key + "\u0000" + action)) {
                errs.add(FieldError.duplicate(cp.toString(), "{" + key + ", " + action + "}"));
            }
            Long minDomains = lng(c, "minDomains");
            if (minDomains != null && minDomains <= 0) {
                errs.add(FieldError.invalid(cp.child("minDomains").toString(), minDomains, "must be greater than zero"));
            }
            errs.addAll(ObjectMetaValidation.validateLabelSelector(c.get("labelSelector"), cp.child("labelSelector"), false));
        }
    }

    /** ValidateTolerations. */
    public static List<FieldError> validateTolerations(JsonNode tolerations, Path path) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> list = new ArrayList<>();
        if (tolerations != null && tolerations.isArray()) {
            tolerations.forEach(list::add);
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            Path tp = path.index(i);
            String key = str(t, "key");
            String op = str(t, "operator");
            String effect = str(t, "effect");
            String value = str(t, "value");
            if (!key.isEmpty()) {
                errs.addAll(ObjectMetaValidation.validateLabelName(key, tp.child("key")));
            }
            if (key.isEmpty() && !op.equals("Exists")) {
                errs.add(FieldError.invalid(tp.child("operator").toString(), op,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (t.isObject() && t.hasNonNull("tolerationSeconds") && !effect.equals("NoExecute")) {
                errs.add(FieldError.invalid(tp.child("effect").toString(), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (op) {
                case "Equal", "" -> {
                    List<String> ms = Validators.isValidLabelValue(value);
                    if (!ms.isEmpty()) {
                        errs.add(FieldError.invalid(tp.child("operator").toString(), value, String.join(";", ms)));
                    }
                }
                case "Exists" -> {
                    if (!value.isEmpty()) {
                        errs.add(FieldError.invalid(tp.child("operator").toString(), value, "value must be empty when `operator` is 'Exists'"));
                    }
                }
                default -> errs.add(FieldError.notSupported(tp.child("operator").toString(), op, List.of("Equal", "Exists")));
            }
            if (!effect.isEmpty() && !Set.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                errs.add(FieldError.notSupported(tp.child("effect").toString(), effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute")));
            }
        }
        return errs;
    }

    /** ValidateContainerUpdates: same number of containers, images required. Returns true to stop. */
    static boolean validateContainerUpdates(JsonNode newSpec, JsonNode oldSpec, String list, Path path, List<FieldError> errs) {
        List<JsonNode> n = elements(newSpec, list);
        List<JsonNode> o = elements(oldSpec, list);
        if (n.size() != o.size()) {
            errs.add(FieldError.forbidden(path.toString(), "pod updates may not add or remove containers"));
            return true;
        }
        for (int i = 0; i < n.size(); i++) {
            String image = str(n.get(i), "image");
            if (image.isEmpty()) {
                errs.add(FieldError.required(path.index(i).child("image").toString(), ""));
            }
            if (!image.equals(image.strip())) {
                errs.add(FieldError.invalid(path.index(i).child("image").toString(), image, "must not have leading or trailing whitespace"));
            }
        }
        return false;
    }

    /** Whether arr() of the spec holds the field as a list (unused helper kept for symmetry). */
    static boolean hasList(JsonNode spec, String field) {
        return arr(spec, field) != null;
    }
}
