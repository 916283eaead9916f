package dev.kube4j.api.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.apps.AppsValidation;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.strOrNull;

/** policy/v1 pod disruption budgets. */
public class PodDisruptionBudgetStrategy extends KindStrategy {

    private static final List<String> EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");

    public PodDisruptionBudgetStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    /** The status starts empty; its counters are always serialized. */
    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status").put("disruptionsAllowed", 0).put("currentHealthy", 0)
                .put("desiredHealthy", 0).put("expectedPods", 0);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        JsonNode min = spec == null ? null : spec.get("minAvailable");
        JsonNode max = spec == null ? null : spec.get("maxUnavailable");
        if (present(min) && present(max)) {
            errs.add(FieldError.invalid(sp.toString(), GoValue.struct("policy.PodDisruptionBudgetSpec", spec),
                    "minAvailable and maxUnavailable cannot be both set"));
        }
        for (String f : List.of("minAvailable", "maxUnavailable")) {
            JsonNode v = spec == null ? null : spec.get(f);
            if (present(v)) {
                errs.addAll(AppsValidation.validatePositiveIntOrPercent(v, sp.child(f)));
                errs.addAll(AppsValidation.notMoreThan100Percent(v, sp.child(f)));
            }
        }
        JsonNode selector = spec == null ? null : spec.get("selector");
        if (selector != null && !selector.isNull()) {
            errs.addAll(ObjectMetaValidation.validateLabelSelector(selector, sp.child("selector"), false));
        }
        String policy = strOrNull(spec, "unhealthyPodEvictionPolicy");
        if (policy != null && !EVICTION_POLICIES.contains(policy)) {
            errs.add(FieldError.notSupported(sp.child("unhealthyPodEvictionPolicy").toString(), policy, EVICTION_POLICIES));
        }
        return errs;
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isNull();
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Min Available", "string", "The minimum number of pods that must be available."),
                Tables.col("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
                Tables.col("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        return List.of(Tables.name(obj), intOrString(spec, "minAvailable"), intOrString(spec, "maxUnavailable"),
                lng(obj(obj, "status"), "disruptionsAllowed", 0), Tables.age(obj));
    }

    /** IntOrString.String(), or N/A when unset. */
    private static String intOrString(JsonNode spec, String field) {
        JsonNode v = spec == null ? null : spec.get(field);
        return present(v) ? v.asText() : "N/A";
    }
}
