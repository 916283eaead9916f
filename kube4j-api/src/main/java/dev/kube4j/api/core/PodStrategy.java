package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** core/v1 pods: defaults, create/update preparation, validation, the pod table and field selectors. */
public class PodStrategy extends KindStrategy {

    public PodStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    static final String UPDATABLE_FIELDS = String.join(",", List.of(
            "`spec.containers[*].image`",
            "`spec.initContainers[*].image`",
            "`spec.activeDeadlineSeconds`",
            "`spec.tolerations` (only additions to existing tolerations)",
            "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));

    @Override
    public void applyDefaults(ObjectNode obj) {
        PodSpecs.defaultPod(obj);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = obj.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", qosClass(obj(obj, "spec")));
        if (!elements(obj(obj, "spec"), "schedulingGates").isEmpty()) {
            ObjectNode c = status.putArray("conditions").addObject();
            c.put("type", "PodScheduled");
            c.put("status", "False");
            c.putNull("lastProbeTime");
            c.putNull("lastTransitionTime");
            c.put("reason", "SchedulingGated");
            c.put("message", "Scheduling is blocked due to non-empty scheduling gates");
        }
    }

    /** qos.ComputePodQOS over cpu and memory of containers and init containers. */
    public static String qosClass(JsonNode spec) {
        Map<String, Quantity> requests = new HashMap<>();
        Map<String, Quantity> limits = new HashMap<>();
        boolean guaranteed = true;
        List<ObjectNode> all = new ArrayList<>(objects(spec, "containers"));
        all.addAll(objects(spec, "initContainers"));
        for (ObjectNode c : all) {
            ObjectNode res = obj(c, "resources");
            sum(obj(res, "requests"), requests, null);
            Set<String> found = new HashSet<>();
            sum(obj(res, "limits"), limits, found);
            if (!found.contains("cpu") || !found.contains("memory")) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (var e : requests.entrySet()) {
                Quantity lim = limits.get(e.getKey());
                if (lim == null || lim.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    private static void sum(JsonNode list, Map<String, Quantity> into, Set<String> found) {
        if (list == null) {
            return;
        }
        for (String r : List.of("cpu", "memory")) {
            Quantity q = Quantity.fromJson(list.get(r));
            if (q != null && q.signum() > 0) {
                if (found != null) {
                    found.add(r);
                }
                into.merge(r, q, Quantity::add);
            }
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(PodSpecValidation.validatePodSpec(obj(obj, "spec"), Path.of("spec"), true));
        JsonNode spec = obj(obj, "spec");
        if (!elements(spec, "ephemeralContainers").isEmpty()) {
            errs.add(FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }
        if (!str(spec, "nodeName").isEmpty() && !elements(spec, "schedulingGates").isEmpty()) {
            errs.add(FieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        JsonNode n = obj(obj, "spec");
        JsonNode o = obj(old, "spec");
        if (ObjectMetaValidation.semanticEquals(n, o)) {
            // An unchanged spec passed these checks when it was stored (every status write lands
            // here, and upstream's status validation looks at no spec either).
            return new ArrayList<>();
        }
        List<FieldError> errs = new ArrayList<>(PodSpecValidation.validatePodSpec(n, Path.of("spec"), true));
        Path spec = Path.of("spec");
        if (PodSpecValidation.validateContainerUpdates(n, o, "containers", spec.child("containers"), errs)
                || PodSpecValidation.validateContainerUpdates(n, o, "initContainers", spec.child("initContainers"), errs)) {
            return errs;
        }
        Long newAds = lng(n, "activeDeadlineSeconds");
        Long oldAds = lng(o, "activeDeadlineSeconds");
        if (newAds != null) {
            if (newAds < 0 || newAds > Integer.MAX_VALUE) {
                errs.add(FieldError.invalid("spec.activeDeadlineSeconds", newAds, Validators.inclusiveRangeError(0, Integer.MAX_VALUE)));
                return errs;
            }
            if (oldAds != null && oldAds < newAds) {
                errs.add(FieldError.invalid("spec.activeDeadlineSeconds", newAds, "must be less than or equal to previous value"));
                return errs;
            }
        } else if (oldAds != null) {
            errs.add(FieldError.invalid("spec.activeDeadlineSeconds", "null", "must not update from a positive integer to nil value"));
        }
        errs.addAll(validateOnlyAddedTolerations(n == null ? null : n.get("tolerations"), o == null ? null : o.get("tolerations")));
        errs.addAll(validateOnlyDeletedSchedulingGates(n, o));
        ObjectNode munged = n == null ? obj.objectNode() : ((ObjectNode) n).deepCopy();
        for (String list : List.of("containers", "initContainers")) {
            List<ObjectNode> mc = objects(munged, list);
            List<ObjectNode> oc = objects(o, list);
            for (int i = 0; i < mc.size() && i < oc.size(); i++) {
                if (oc.get(i).has("image")) {
                    mc.get(i).set("image", oc.get(i).get("image").deepCopy());
                } else {
                    mc.get(i).remove("image");
                }
            }
        }
        for (String f : List.of("activeDeadlineSeconds", "tolerations", "schedulingGates")) {
            if (o != null && o.has(f)) {
                munged.set(f, o.get(f).deepCopy());
            } else {
                munged.remove(f);
            }
        }
        Long oldGrace = lng(o, "terminationGracePeriodSeconds");
        Long newGrace = lng(munged, "terminationGracePeriodSeconds");
        if (oldGrace != null && oldGrace < 0 && newGrace != null && newGrace == 1) {
            munged.put("terminationGracePeriodSeconds", oldGrace);
        }
        if (!elements(o, "schedulingGates").isEmpty()) {
            for (String f : List.of("nodeSelector", "affinity")) {
                if (o.has(f)) {
                    munged.set(f, o.get(f).deepCopy());
                } else {
                    munged.remove(f);
                }
            }
        }
        if (!ObjectMetaValidation.semanticEquals(munged, o)) {
            errs.add(FieldError.forbidden("spec", "pod updates may not change fields other than " + UPDATABLE_FIELDS + "\n" + specDiff(o, munged)));
        }
        return errs;
    }

    /** Gates may only be removed once the pod exists: whoever added one is the one to lift it. */
    private static List<FieldError> validateOnlyDeletedSchedulingGates(JsonNode newSpec, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        java.util.Set<String> old = new java.util.HashSet<>();
        for (JsonNode g : elements(oldSpec, "schedulingGates")) {
            old.add(g.path("name").asText());
        }
        List<JsonNode> gates = elements(newSpec, "schedulingGates");
        for (int i = 0; i < gates.size(); i++) {
            String name = gates.get(i).path("name").asText();
            if (!old.contains(name)) {
                errs.add(FieldError.forbidden("spec.schedulingGates[" + i + "].name",
                        "only deletion is allowed, but found new scheduling gate '" + name + "'"));
            }
        }
        return errs;
    }

    private static List<FieldError> validateOnlyAddedTolerations(JsonNode newT, JsonNode oldT) {
        List<FieldError> errs = new ArrayList<>();
        if (oldT != null && oldT.isArray()) {
            for (JsonNode old : oldT) {
                boolean found = false;
                if (newT != null && newT.isArray()) {
                    for (JsonNode nt : newT) {
                        if (old.isObject() && nt.isObject()) {
                            ObjectNode a = ((ObjectNode) old).deepCopy();
                            ObjectNode b = ((ObjectNode) nt).deepCopy();
                            a.remove("tolerationSeconds");
                            b.remove("tolerationSeconds");
                            if (ObjectMetaValidation.semanticEquals(a, b)) {
                                found = true;
                                break;
                            }
                        }
                    }
                }
                if (!found) {
                    errs.add(FieldError.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
                    return errs;
                }
            }
        }
        errs.addAll(PodSpecValidation.validateTolerations(newT, Path.of("spec", "tolerations")));
        return errs;
    }

    /** A compact rendering of what changed, in the spirit of upstream's cmp.Diff output. */
    static String specDiff(JsonNode oldSpec, JsonNode newSpec) {
        StringBuilder s = new StringBuilder("  core.PodSpec{\n");
        Set<String> keys = new LinkedHashSet<>();
        if (oldSpec != null) {
            oldSpec.fieldNames().forEachRemaining(keys::add);
        }
        if (newSpec != null) {
            newSpec.fieldNames().forEachRemaining(keys::add);
        }
        for (String k : keys) {
            JsonNode a = oldSpec == null ? null : oldSpec.get(k);
            JsonNode b = newSpec == null ? null : newSpec.get(k);
            if (ObjectMetaValidation.semanticEquals(a, b)) {
                continue;
            }
            String field = Character.toUpperCase(k.charAt(0)) + k.substring(1);
            s.append("- \t").append(field).append(": ").append(render(a)).append(",\n");
            s.append("+ \t").append(field).append(": ").append(render(b)).append(",\n");
        }
        return s.append("  }\n").toString();
    }

    private static String render(JsonNode n) {
        if (n == null || n.isNull()) {
            return "nil";
        }
        return n.isTextual() ? GoValue.quote(n.asText()) : n.toString();
    }

    // ---- table ----

    @Override
    public List<TableColumn> columns() {
        return List.of(
                Tables.name(),
                Tables.col("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
                Tables.col("Status", "string", "The aggregate status of the containers in this pod."),
                Tables.col("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
                Tables.age(),
                Tables.wide("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
                Tables.wide("Node", "string", "NodeName indicates in which node this pod is scheduled."),
                Tables.wide("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods."),
                Tables.wide("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness."));
    }

    @Override
    public List<Object> cells(ObjectNode pod) {
        JsonNode spec = obj(pod, "spec");
        JsonNode status = obj(pod, "status");
        int restarts = 0;
        int restartableInitRestarts = 0;
        int total = elements(spec, "containers").size();
        int ready = 0;
        Instant lastRestart = null;
        Instant lastRestartableInitRestart = null;
        String phase = str(status, "phase");
        String reason = phase;
        if (!str(status, "reason").isEmpty()) {
            reason = str(status, "reason");
        }
        for (ObjectNode c : objects(status, "conditions")) {
            if (str(c, "type").equals("PodScheduled") && str(c, "reason").equals("SchedulingGated")) {
                reason = "SchedulingGated";
            }
        }
        Map<String, ObjectNode> initContainers = new HashMap<>();
        List<ObjectNode> initSpecs = objects(spec, "initContainers");
        for (ObjectNode c : initSpecs) {
            initContainers.put(str(c, "name"), c);
            if (str(c, "restartPolicy").equals("Always")) {
                total++;
            }
        }
        boolean initializing = false;
        List<ObjectNode> initStatuses = objects(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            ObjectNode cs = initStatuses.get(i);
            int rc = (int) lng(cs, "restartCount", 0);
            restarts += rc;
            Instant finished = finishedAt(cs);
            if (finished != null && (lastRestart == null || lastRestart.isBefore(finished))) {
                lastRestart = finished;
            }
            ObjectNode ic = initContainers.get(str(cs, "name"));
            boolean restartable = ic != null && str(ic, "restartPolicy").equals("Always");
            if (restartable) {
                restartableInitRestarts += rc;
                if (finished != null && (lastRestartableInitRestart == null || lastRestartableInitRestart.isBefore(finished))) {
                    lastRestartableInitRestart = finished;
                }
            }
            ObjectNode state = obj(cs, "state");
            ObjectNode terminated = obj(state, "terminated");
            ObjectNode waiting = obj(state, "waiting");
            if (terminated != null && lng(terminated, "exitCode", 0) == 0) {
                continue;
            }
            if (restartable && cs.path("started").asBoolean(false)) {
                if (cs.path("ready").asBoolean(false)) {
                    ready++;
                }
                continue;
            }
            if (terminated != null) {
                if (str(terminated, "reason").isEmpty()) {
                    long signal = lng(terminated, "signal", 0);
                    reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + lng(terminated, "exitCode", 0);
                } else {
                    reason = "Init:" + str(terminated, "reason");
                }
            } else if (waiting != null && !str(waiting, "reason").isEmpty() && !str(waiting, "reason").equals("PodInitializing")) {
                reason = "Init:" + str(waiting, "reason");
            } else {
                reason = "Init:" + i + "/" + initSpecs.size();
            }
            initializing = true;
            break;
        }
        if (!initializing || conditionTrue(status, "Initialized")) {
            restarts = restartableInitRestarts;
            lastRestart = lastRestartableInitRestart;
            boolean hasRunning = false;
            List<ObjectNode> statuses = objects(status, "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                ObjectNode cs = statuses.get(i);
                restarts += (int) lng(cs, "restartCount", 0);
                Instant finished = finishedAt(cs);
                if (finished != null && (lastRestart == null || lastRestart.isBefore(finished))) {
                    lastRestart = finished;
                }
                ObjectNode state = obj(cs, "state");
                ObjectNode waiting = obj(state, "waiting");
                ObjectNode terminated = obj(state, "terminated");
                if (waiting != null && !str(waiting, "reason").isEmpty()) {
                    reason = str(waiting, "reason");
                } else if (terminated != null && !str(terminated, "reason").isEmpty()) {
                    reason = str(terminated, "reason");
                } else if (terminated != null) {
                    long signal = lng(terminated, "signal", 0);
                    reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + lng(terminated, "exitCode", 0);
                } else if (cs.path("ready").asBoolean(false) && obj(state, "running") != null) {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }
        if (Tables.deleting(pod) && str(status, "reason").equals("NodeLost")) {
            reason = "Unknown";
        } else if (Tables.deleting(pod) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }
        String restartsStr = String.valueOf(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartsStr = restarts + " (" + HumanDuration.format(java.time.Duration.between(lastRestart, HumanDuration.now())) + " ago)";
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Tables.name(pod));
        cells.add(ready + "/" + total);
        cells.add(reason);
        cells.add(restartsStr);
        cells.add(Tables.age(pod));
        List<ObjectNode> podIPs = objects(status, "podIPs");
        String podIP = podIPs.isEmpty() ? "" : str(podIPs.get(0), "ip");
        String nodeName = str(spec, "nodeName");
        String nominated = str(status, "nominatedNodeName");
        cells.add(podIP.isEmpty() ? "<none>" : podIP);
        cells.add(nodeName.isEmpty() ? "<none>" : nodeName);
        cells.add(nominated.isEmpty() ? "<none>" : nominated);
        String gates = "<none>";
        List<ObjectNode> rg = objects(spec, "readinessGates");
        if (!rg.isEmpty()) {
            int trueConditions = 0;
            for (ObjectNode g : rg) {
                for (ObjectNode c : objects(status, "conditions")) {
                    if (str(c, "type").equals(str(g, "conditionType"))) {
                        if (str(c, "status").equals("True")) {
                            trueConditions++;
                        }
                        break;
                    }
                }
            }
            gates = trueConditions + "/" + rg.size();
        }
        cells.add(gates);
        return cells;
    }

    private static Instant finishedAt(JsonNode containerStatus) {
        ObjectNode t = obj(obj(containerStatus, "lastState"), "terminated");
        return t == null ? null : HumanDuration.parse(str(t, "finishedAt"));
    }

    private static boolean conditionTrue(JsonNode status, String type) {
        for (ObjectNode c : objects(status, "conditions")) {
            if (str(c, "type").equals(type)) {
                return str(c, "status").equals("True");
            }
        }
        return false;
    }

    // ---- field selectors ----

    private static final Set<String> FIELDS = Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
            "status.nominatedNodeName");

    @Override
    public Set<String> selectableFields() {
        return FIELDS;
    }

    @Override
    public String fieldValue(ObjectNode obj, String field) {
        JsonNode spec = obj(obj, "spec");
        JsonNode status = obj(obj, "status");
        return switch (field) {
            case "spec.hostNetwork" -> String.valueOf(spec != null && spec.path("hostNetwork").asBoolean(false));
            case "status.podIP", "status.podIPs" -> {
                List<ObjectNode> ips = objects(status, "podIPs");
                yield ips.isEmpty() ? str(status, "podIP") : str(ips.get(0), "ip");
            }
            default -> super.fieldValue(obj, field);
        };
    }
}
