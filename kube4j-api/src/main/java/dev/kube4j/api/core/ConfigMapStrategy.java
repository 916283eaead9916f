package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
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

/** core/v1 configmaps: config keys, the 1 MiB limit, immutability. */
public class ConfigMapStrategy extends KindStrategy {

    static final int MAX_SIZE = 1024 * 1024;

    public ConfigMapStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        long total = 0;
        ObjectNode data = obj(obj, "data");
        ObjectNode binary = obj(obj, "binaryData");
        if (data != null) {
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                for (String m : Validators.isConfigMapKey(e.getKey())) {
                    errs.add(FieldError.invalid(Path.of("data").key(e.getKey()).toString(), e.getKey(), m));
                }
                if (binary != null && binary.has(e.getKey())) {
                    errs.add(FieldError.invalid(Path.of("data").key(e.getKey()).toString(), e.getKey(), "duplicate of key present in binaryData"));
                }
                total += Validators.byteLength(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        if (binary != null) {
            for (Map.Entry<String, JsonNode> e : binary.properties()) {
                for (String m : Validators.isConfigMapKey(e.getKey())) {
                    errs.add(FieldError.invalid(Path.of("binaryData").key(e.getKey()).toString(), e.getKey(), m));
                }
                total += SecretStrategy.decodedLength(e.getValue());
            }
        }
        if (total > MAX_SIZE) {
            errs.add(ObjectMetaValidation.tooLong(Path.root(), MAX_SIZE));
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        if (old.path("immutable").asBoolean(false)) {
            if (!obj.path("immutable").asBoolean(false)) {
                errs.add(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
            }
            if (!ObjectMetaValidation.semanticEquals(obj.get("data"), old.get("data"))) {
                errs.add(FieldError.forbidden("data", "field is immutable when `immutable` is set"));
            }
            if (!ObjectMetaValidation.semanticEquals(obj.get("binaryData"), old.get("binaryData"))) {
                errs.add(FieldError.forbidden("binaryData", "field is immutable when `immutable` is set"));
            }
        }
        errs.addAll(validateSpec(obj));
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.col("Data", "string",
                "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        ObjectNode data = obj(obj, "data");
        ObjectNode binary = obj(obj, "binaryData");
        long n = (data == null ? 0 : data.size()) + (binary == null ? 0 : binary.size());
        return List.of(Tables.name(obj), n, Tables.age(obj));
    }
}
