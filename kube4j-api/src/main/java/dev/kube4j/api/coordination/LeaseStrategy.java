package dev.kube4j.api.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.Nodes;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** coordination.k8s.io/v1 leases. */
public class LeaseStrategy extends KindStrategy {

    public LeaseStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Long duration = lng(spec, "leaseDurationSeconds");
        if (duration != null && duration <= 0) {
            errs.add(FieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
        }
        Long transitions = lng(spec, "leaseTransitions");
        if (transitions != null && transitions < 0) {
            errs.add(FieldError.invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
        }
        String strategy = Nodes.strOrNull(spec, "strategy");
        if (strategy != null && !strategy.isEmpty() && !strategy.equals("OldestEmulationVersion")) {
            errs.add(FieldError.notSupported("spec.strategy", strategy, List.of("OldestEmulationVersion")));
        }
        String preferred = Nodes.strOrNull(spec, "preferredHolder");
        if (preferred != null && !preferred.isEmpty() && (strategy == null || strategy.isEmpty())) {
            errs.add(FieldError.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.col("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."), Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Tables.name(obj), str(obj(obj, "spec"), "holderIdentity"), Tables.age(obj));
    }
}
