package dev.kube4j.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** apps/v1 controllerrevisions. */
public class ControllerRevisionStrategy extends KindStrategy {

    public ControllerRevisionStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        if (!obj.hasNonNull("data")) {
            errs.add(FieldError.required("data", "data is mandatory"));
        }
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(obj, "revision"), Path.of("revision")));
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        errs.addAll(ObjectMetaValidation.validateImmutable(obj.get("data"), old.get("data"), Path.of("data"),
                GoValue.struct("runtime.RawExtension", obj.get("data"))));
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.col("Controller", "string", "Controller of the object"),
                Tables.col("Revision", "string", "Revision indicates the revision of the state represented by Data."), Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        String controller = "<none>";
        for (ObjectNode ref : objects(obj(obj, "metadata"), "ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                String apiVersion = str(ref, "apiVersion");
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                String kind = str(ref, "kind");
                String gk = group.isEmpty() ? kind : kind + "." + group;
                controller = gk.isEmpty() ? str(ref, "name") : gk.toLowerCase() + "/" + str(ref, "name");
                break;
            }
        }
        JsonNode rev = obj.get("revision");
        return List.of(Tables.name(obj), controller, rev != null && rev.isNumber() ? rev.asLong() : 0L, Tables.age(obj));
    }
}
