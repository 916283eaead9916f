package dev.kube4j.api.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldValidatorTest {

    private static final GroupVersionKind DEPLOYMENT = new GroupVersionKind("apps", "v1", "Deployment");
    private static final GroupVersionKind CONFIG_MAP = new GroupVersionKind("", "v1", "ConfigMap");
    private final FieldValidator validator = FieldValidator.builtin();

    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validDeploymentHasNoErrors() {
        FieldValidator.Result r = validator.validate(json("""
                {'apiVersion':'apps/v1','kind':'Deployment',
                 'metadata':{'name':'web','labels':{'anything.io/x':'y'},'annotations':{'a':'b'}},
                 'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},
                   'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':1}},
                   'template':{'metadata':{'labels':{'app':'web'}},
                     'spec':{'containers':[{'name':'c','image':'nginx','ports':[{'containerPort':80}],
                       'resources':{'limits':{'cpu':'100m','memory':1024}},
                       'env':[{'name':'A','value':'1'}]}]}}},
                 'status':{}}
                """), DEPLOYMENT);
        assertThat(r.isEmpty()).as(r.errors().toString()).isTrue();
    }

    @Test
    void reportsUnknownNestedFieldWithUpstreamPath() {
        FieldValidator.Result r = validator.validate(json("""
                {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},
                 'spec':{'selector':{},'template':{'spec':{'containers':[
                    {'name':'a','image':'x'},
                    {'name':'c','image':'nginx','imagePullPolcy':'Always','ports':[{'containerPort':80,'bogus':{'a':1}}]}]}},
                  'foo':1},
                 'extra':true}
                """), DEPLOYMENT);
        assertThat(r.unknownFields()).containsExactly(
                "spec.template.spec.containers[1].imagePullPolcy",
                "spec.template.spec.containers[1].ports[0].bogus",
                "spec.foo",
                "extra");
        assertThat(r.duplicateFields()).isEmpty();
        assertThat(r.strictErrorMessage()).isEqualTo("strict decoding error: "
                + "unknown field \"spec.template.spec.containers[1].imagePullPolcy\", "
                + "unknown field \"spec.template.spec.containers[1].ports[0].bogus\", "
                + "unknown field \"spec.foo\", unknown field \"extra\"");
    }

    @Test
    void reportsDuplicateFieldsInOrder() {
        FieldValidator.Result r = validator.validate(json("""
                {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'a':'1','a':'2'}},
                 'spec':{'replicas':1,'replicas':2,'paused':false,'nope':1,'nope':2}}
                """), DEPLOYMENT);
        assertThat(r.errors()).containsExactly(
                "duplicate field \"metadata.labels.a\"",
                "duplicate field \"spec.replicas\"",
                "unknown field \"spec.nope\"");
        assertThat(r.duplicateFields()).containsExactly("metadata.labels.a", "spec.replicas");
        assertThat(FieldValidator.warningHeader(r.warnings().get(1)))
                .isEqualTo("299 - \"duplicate field \\\"spec.replicas\\\"\"");
    }

    @Test
    void topLevelDuplicateHasNoPrefix() {
        FieldValidator.Result r = validator.validate(json("{'kind':'ConfigMap','kind':'ConfigMap','apiVersion':'v1'}"),
                CONFIG_MAP);
        assertThat(r.strictErrorMessage()).isEqualTo("strict decoding error: duplicate field \"kind\"");
    }

    @Test
    void freeFormMapsAndOpaqueValuesAreNotChecked() {
        FieldValidator.Result r = validator.validate(json("""
                {'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'x':'y'},
                   'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'},
                   'managedFields':[{'manager':'m','fieldsV1':{'f:data':{'f:a':{}, 'f:a':{}}}}]},
                 'data':{'anything':'goes','spec':'x'},'binaryData':{'b':'AA=='},'immutable':false}
                """), CONFIG_MAP);
        assertThat(r.isEmpty()).as(r.errors().toString()).isTrue();
    }

    @Test
    void unknownKindsAndDirectives() {
        assertThat(validator.supports(new GroupVersionKind("example.com", "v1", "Foo"))).isFalse();
        assertThat(validator.validate(json("{'a':1,'a':2}"), new GroupVersionKind("example.com", "v1", "Foo"))
                .duplicateFields()).containsExactly("a");
        assertThat(FieldValidator.Directive.parse(null)).contains(FieldValidator.Directive.WARN);
        assertThat(FieldValidator.Directive.parse("Strict")).contains(FieldValidator.Directive.STRICT);
        assertThat(FieldValidator.Directive.parse("strict")).isEmpty();
        assertThatThrownBy(() -> validator.validate(json("{'a':"), CONFIG_MAP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicatesOfPatchBodiesAndUnknownFieldsOfTrees() throws Exception {
        assertThat(validator.duplicates(json("{'spec':{'template':{'x':1,'x':2}},'l':[{'a':1,'a':1}]}"))
                .duplicateFields()).containsExactly("spec.template.x", "l[0].a");
        var tree = new ObjectMapper().readTree(json(
                "{'spec':{'replicas':1,'$retainKeys':['x'],'template':{'spec':{'containers':[{'name':'a','imagePullPolcy':'x'}]}}}}"));
        assertThat(validator.unknownFields(tree, DEPLOYMENT).errors())
                .containsExactly("unknown field \"spec.template.spec.containers[0].imagePullPolcy\"");
    }
}
