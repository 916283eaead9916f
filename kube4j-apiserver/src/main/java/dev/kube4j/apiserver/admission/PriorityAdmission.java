package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.admission.AdmissionRequest.Operation;

import java.util.Map;
import java.util.Optional;

/**
 * Upstream's Priority admission: a new pod's {@code priorityClassName} is resolved to
 * {@code spec.priority} and {@code spec.preemptionPolicy} (a pod without one takes the
 * {@code globalDefault} class, else priority 0); an unknown class, or a priority or policy that
 * disagrees with the class, is refused. Only one PriorityClass may be the global default.
 */
public final class PriorityAdmission implements AdmissionPlugin {

    static final String GROUP = "scheduling.k8s.io";
    static final String PLURAL = "priorityclasses";
    private static final String PREEMPT_LOWER = "PreemptLowerPriority";
    /** The system classes, for a server that does not serve PriorityClasses (they are objects where it does). */
    private static final Map<String, Integer> SYSTEM_CLASSES = Map.of(
            "system-node-critical", 2_000_001_000, "system-cluster-critical", 2_000_000_000);

    private final AdmissionLookup lookup;

    public PriorityAdmission(AdmissionLookup lookup) {
        this.lookup = lookup;
    }

    private record Resolved(String className, int priority, String preemptionPolicy) {
    }

    @Override
    public void admit(AdmissionRequest r) {
        if (r.is(Operation.UPDATE, "", "pods")) {
            keepResolvedFields(r);
            return;
        }
        if (!r.is(Operation.CREATE, "", "pods")) {
            return;
        }
        ObjectNode spec = r.object().with("spec");
        String className = spec.path("priorityClassName").asText("");
        Resolved resolved = className.isEmpty() ? defaultPriority() : byName(r, className);
        if (!resolved.className().isEmpty()) {
            spec.put("priorityClassName", resolved.className());
        }
        JsonNode given = spec.get("priority");
        if (given != null && !given.isNull() && given.asInt() != resolved.priority()) {
            throw r.forbidden("the integer value of priority (" + given.asInt() + ") must not be provided in pod spec; "
                    + "priority admission controller computed " + resolved.priority() + " from the given PriorityClass name");
        }
        spec.put("priority", resolved.priority());
        if (resolved.preemptionPolicy() != null) {
            String givenPolicy = spec.path("preemptionPolicy").asText("");
            if (!givenPolicy.isEmpty() && !givenPolicy.equals(resolved.preemptionPolicy())) {
                throw r.forbidden("the string value of PreemptionPolicy (" + givenPolicy + ") must not be provided in pod spec; "
                        + "priority admission controller computed " + resolved.preemptionPolicy() + " from the given PriorityClass name");
            }
            spec.put("preemptionPolicy", resolved.preemptionPolicy());
        }
    }

    /** Priority is set once at creation; an update that leaves it out keeps it (as upstream). */
    private static void keepResolvedFields(AdmissionRequest r) {
        if (r.oldObject() == null) {
            return;
        }
        ObjectNode spec = r.object().with("spec");
        JsonNode oldSpec = r.oldObject().path("spec");
        for (String f : new String[]{"priority", "preemptionPolicy"}) {
            if (oldSpec.hasNonNull(f) && !spec.hasNonNull(f)) {
                spec.set(f, oldSpec.get(f));
            }
        }
    }

    private Resolved byName(AdmissionRequest r, String className) {
        if (lookup.resource(GROUP, PLURAL).isEmpty()) {
            Integer system = SYSTEM_CLASSES.get(className);
            if (system == null) {
                throw r.forbidden("no PriorityClass with name " + className + " was found");
            }
            return new Resolved(className, system, PREEMPT_LOWER);
        }
        ObjectNode pc = find(className).orElseThrow(() -> r.forbidden("no PriorityClass with name " + className + " was found"));
        return resolved(pc);
    }

    private Optional<ObjectNode> find(String className) {
        for (ObjectNode pc : lookup.list(GROUP, PLURAL, "")) {
            if (pc.path("metadata").path("name").asText().equals(className)) {
                return Optional.of(pc);
            }
        }
        return lookup.getLive(GROUP, PLURAL, "", className);
    }

    private static Resolved resolved(ObjectNode pc) {
        return new Resolved(pc.path("metadata").path("name").asText(), pc.path("value").asInt(0),
                pc.path("preemptionPolicy").asText(PREEMPT_LOWER));
    }

    private Resolved defaultPriority() {
        ObjectNode dflt = defaultClass();
        return dflt == null ? new Resolved("", 0, PREEMPT_LOWER) : resolved(dflt);
    }

    /** The global default class; after a race made two, the one with the lowest value (as upstream). */
    private ObjectNode defaultClass() {
        ObjectNode found = null;
        for (ObjectNode pc : lookup.list(GROUP, PLURAL, "")) {
            if (pc.path("globalDefault").asBoolean(false)
                    && (found == null || found.path("value").asInt() > pc.path("value").asInt())) {
                found = pc;
            }
        }
        return found;
    }

    @Override
    public void validate(AdmissionRequest r) {
        boolean create = r.is(Operation.CREATE, GROUP, PLURAL);
        if (!create && !r.is(Operation.UPDATE, GROUP, PLURAL) || !r.object().path("globalDefault").asBoolean(false)) {
            return;
        }
        ObjectNode dflt = defaultClass();
        if (dflt != null && (create || !dflt.path("metadata").path("name").asText().equals(r.name()))) {
            throw r.forbidden("PriorityClass " + dflt.path("metadata").path("name").asText()
                    + " is already marked as default. Only one default can exist");
        }
    }
}
