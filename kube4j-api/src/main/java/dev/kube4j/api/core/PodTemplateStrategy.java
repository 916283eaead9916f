package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Selectors;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.Nodes;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Path;

import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.obj;

/** core/v1 podtemplates. */
public class PodTemplateStrategy extends KindStrategy {

    public PodTemplateStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        PodSpecs.defaultTemplate(Nodes.objOrCreate(obj, "template"));
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        return PodSpecValidation.validateTemplate(obj(obj, "template"), Path.of("template"));
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.col("Containers", "string", Tables.CONTAINERS_DESC),
                Tables.col("Images", "string", Tables.IMAGES_DESC),
                Tables.col("Pod Labels", "string", "The labels for the pod template."));
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        ObjectNode template = obj(obj, "template");
        String[] ci = Tables.containerCells(obj(template, "spec"));
        return List.of(Tables.name(obj), ci[0], ci[1], Selectors.formatLabels(Nodes.stringMap(obj(template, "metadata"), "labels")));
    }
}
