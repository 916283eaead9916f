package dev.kube4j.api.networking;

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

import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strOrNull;

/** networking.k8s.io/v1 ingress classes. */
public class IngressClassStrategy extends KindStrategy {

    private static final int MAX_CONTROLLER_LENGTH = 250;
    private static final List<String> SCOPES = List.of("Cluster", "Namespace");

    public IngressClassStrategy() {
        super(false, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        String controller = str(spec, "controller");
        Path cp = Path.of("spec", "controller");
        if (controller.isEmpty()) {
            errs.add(FieldError.required(cp.toString(), ""));
        } else if (controller.length() > MAX_CONTROLLER_LENGTH) {
            errs.add(FieldError.tooLong(cp.toString(), "", MAX_CONTROLLER_LENGTH));
        } else if (!isDomainPrefixedPath(controller)) {
            errs.add(FieldError.invalid(cp.toString(), controller, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
        }
        JsonNode params = obj(spec, "parameters");
        if (params != null) {
            Path pp = Path.of("spec", "parameters");
            for (String f : List.of("kind", "name")) {
                if (str(params, f).isEmpty()) {
                    errs.add(FieldError.required(pp.child(f).toString(), ""));
                }
            }
            String scope = strOrNull(params, "scope");
            if (scope != null && !SCOPES.contains(scope)) {
                errs.add(FieldError.notSupported(pp.child("scope").toString(), scope, SCOPES));
            }
        }
        return errs;
    }

    private static boolean isDomainPrefixedPath(String value) {
        int slash = value.indexOf('/');
        return slash > 0 && Validators.isDNS1123Subdomain(value.substring(0, slash)).isEmpty();
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        JsonNode c = obj(obj, "spec") == null ? null : obj(obj, "spec").get("controller");
        JsonNode o = obj(old, "spec") == null ? null : obj(old, "spec").get("controller");
        errs.addAll(ObjectMetaValidation.validateImmutable(c, o, Path.of("spec", "controller"), str(obj(obj, "spec"), "controller")));
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Controller", "string", "Controller that is responsible for handling this class"),
                Tables.col("Parameters", "string", "A reference to a resource with additional parameters"),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode p = obj(spec, "parameters");
        String parameters = "<none>";
        if (p != null) {
            String group = strOrNull(p, "apiGroup");
            parameters = str(p, "kind") + (group == null ? "" : "." + group) + "/" + str(p, "name");
        }
        return List.of(Tables.name(obj), str(spec, "controller"), parameters, Tables.age(obj));
    }
}
