package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** core/v1 secrets: type Opaque, stringData folded into data, per-type required keys. */
public class SecretStrategy extends KindStrategy {

    static final int MAX_SIZE = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public SecretStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        putIfEmpty(obj, "type", "Opaque");
        // The v1 -> internal conversion folds stringData into data (base64) and drops it.
        ObjectNode stringData = obj(obj, "stringData");
        if (stringData != null) {
            ObjectNode data = obj(obj, "data");
            if (data == null) {
                data = obj.putObject("data");
            }
            for (Map.Entry<String, JsonNode> e : stringData.properties()) {
                String v = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
                data.put(e.getKey(), Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
            }
            obj.remove("stringData");
        }
    }

    static int decodedLength(JsonNode v) {
        if (v == null || !v.isTextual()) {
            return 0;
        }
        try {
            return Base64.getDecoder().decode(v.asText()).length;
        } catch (IllegalArgumentException e) {
            return v.asText().length();
        }
    }

    private static byte[] decode(JsonNode v) {
        try {
            return v != null && v.isTextual() ? Base64.getDecoder().decode(v.asText()) : new byte[0];
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        Path dataPath = Path.of("data");
        ObjectNode data = obj(obj, "data");
        long total = 0;
        if (data != null) {
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                for (String m : Validators.isConfigMapKey(e.getKey())) {
                    errs.add(FieldError.invalid(dataPath.key(e.getKey()).toString(), e.getKey(), m));
                }
                if (e.getValue().isTextual()) {
                    try {
                        Base64.getDecoder().decode(e.getValue().asText());
                    } catch (IllegalArgumentException ex) {
                        errs.add(FieldError.invalid(dataPath.key(e.getKey()).toString(), "<secret contents redacted>", "illegal base64 data"));
                    }
                }
                total += decodedLength(e.getValue());
            }
        }
        if (total > MAX_SIZE) {
            errs.add(ObjectMetaValidation.tooLong(dataPath, MAX_SIZE));
        }
        String type = str(obj, "type");
        switch (type) {
            case "kubernetes.io/service-account-token" -> {
                if (str(obj(obj(obj, "metadata"), "annotations"), "kubernetes.io/service-account.name").isEmpty()) {
                    errs.add(FieldError.required(Path.of("metadata", "annotations").key("kubernetes.io/service-account.name").toString(), ""));
                }
            }
            case "kubernetes.io/dockercfg" -> jsonKey(data, ".dockercfg", dataPath, errs);
            case "kubernetes.io/dockerconfigjson" -> jsonKey(data, ".dockerconfigjson", dataPath, errs);
            case "kubernetes.io/basic-auth" -> {
                if (!has(data, "username") && !has(data, "password")) {
                    errs.add(FieldError.required(dataPath.key("username").toString(), ""));
                    errs.add(FieldError.required(dataPath.key("password").toString(), ""));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (decode(data == null ? null : data.get("ssh-privatekey")).length == 0) {
                    errs.add(FieldError.required(dataPath.key("ssh-privatekey").toString(), ""));
                }
            }
            case "kubernetes.io/tls" -> {
                if (!has(data, "tls.crt")) {
                    errs.add(FieldError.required(dataPath.key("tls.crt").toString(), ""));
                }
                if (!has(data, "tls.key")) {
                    errs.add(FieldError.required(dataPath.key("tls.key").toString(), ""));
                }
            }
            default -> {
            }
        }
        return errs;
    }

    private static boolean has(ObjectNode data, String key) {
        return data != null && data.has(key);
    }

    private static void jsonKey(ObjectNode data, String key, Path dataPath, List<FieldError> errs) {
        if (!has(data, key)) {
            errs.add(FieldError.required(dataPath.key(key).toString(), ""));
            return;
        }
        try {
            JsonNode parsed = JSON.readTree(decode(data.get(key)));
            if (parsed == null || !parsed.isObject()) {
                errs.add(FieldError.invalid(dataPath.key(key).toString(), "<secret contents redacted>", "unexpected end of JSON input"));
            }
        } catch (Exception e) {
            errs.add(FieldError.invalid(dataPath.key(key).toString(), "<secret contents redacted>", "invalid character in JSON input"));
        }
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        errs.addAll(ObjectMetaValidation.validateImmutable(obj.get("type"), old.get("type"), Path.of("type"), str(obj, "type")));
        if (old.path("immutable").asBoolean(false)) {
            if (!obj.path("immutable").asBoolean(false)) {
                errs.add(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
            }
            if (!ObjectMetaValidation.semanticEquals(obj.get("data"), old.get("data"))) {
                errs.add(FieldError.forbidden("data", "field is immutable when `immutable` is set"));
            }
        }
        errs.addAll(validateSpec(obj));
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.col("Type", "string", "Used to facilitate programmatic handling of secret data."),
                Tables.col("Data", "string", "Data contains the secret data."), Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        ObjectNode data = obj(obj, "data");
        return List.of(Tables.name(obj), str(obj, "type"), (long) (data == null ? 0 : data.size()), Tables.age(obj));
    }

    @Override
    public Set<String> selectableFields() {
        return Set.of("type");
    }
}
