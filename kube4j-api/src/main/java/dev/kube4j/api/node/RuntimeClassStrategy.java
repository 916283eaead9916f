package dev.kube4j.api.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Resources;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** node.k8s.io/v1 runtime classes: a handler name (a DNS label, immutable), pod overhead, scheduling. */
public class RuntimeClassStrategy extends KindStrategy {

    public RuntimeClassStrategy() {
        super(false, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        String handler = str(obj, "handler");
        for (String m : Validators.isDNS1123Label(handler)) {
            errs.add(FieldError.invalid("handler", handler, m));
        }
        JsonNode podFixed = obj(obj(obj, "overhead"), "podFixed");
        if (podFixed != null) {
            Path pp = Path.of("overhead", "podFixed");
            for (Map.Entry<String, JsonNode> e : podFixed.properties()) {
                errs.addAll(Resources.validateContainerResourceName(e.getKey(), pp.key(e.getKey())));
                errs.addAll(Resources.validateQuantity(e.getKey(), e.getValue(), pp.key(e.getKey())));
            }
        }
        JsonNode nodeSelector = obj(obj(obj, "scheduling"), "nodeSelector");
        if (nodeSelector != null) {
            errs.addAll(ObjectMetaValidation.validateLabels(nodeSelector, Path.of("scheduling", "nodeSelector")));
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        errs.addAll(ObjectMetaValidation.validateImmutable(obj.get("handler"), old.get("handler"), Path.of("handler"), str(obj, "handler")));
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.col("Handler", "string", ""), Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Tables.name(obj), str(obj, "handler"), Tables.age(obj));
    }
}
