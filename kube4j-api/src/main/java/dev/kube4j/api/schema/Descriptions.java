package dev.kube4j.api.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documentation and the required-field lists that the fabric8 model cannot give.
 *
 * <p>Texts come first from upstream's descriptions as the official Java client's model carries
 * them, extracted at build time by {@link DescriptionsGenerator} into {@value #RESOURCE}; where that
 * has none (the client drops the text of fields whose type is another definition), from the few
 * texts written here for the standard fields and the special types, and finally, for a field whose
 * type is a definition, from that definition's own text (see {@link SchemaRegistry}).
 */
final class Descriptions {

    /** The class-path resource {@link DescriptionsGenerator} writes: {@code definition TAB field TAB text} lines. */
    static final String RESOURCE = "dev/kube4j/api/schema/descriptions.tsv";

    /** String fields whose names end in "Time" that are not timestamps (none in the current model). */
    static final Set<String> NOT_TIME_FIELDS = Set.of();

    private static final Map<String, String> STANDARD_FIELDS = Map.of(
            "apiVersion", "APIVersion defines the versioned schema of this representation of an object. "
                    + "Servers should convert recognized schemas to the latest internal value, and may reject "
                    + "unrecognized values. More info: "
                    + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
            "kind", "Kind is a string value representing the REST resource this object represents. Servers may "
                    + "infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. "
                    + "More info: "
                    + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds");

    private static final Map<String, String> DEFINITIONS = Map.of(
            DefinitionNames.INT_OR_STRING, "IntOrString is a type that can hold an int32 or a string.",
            DefinitionNames.QUANTITY, "Quantity is a fixed-point representation of a number, written as a "
                    + "string such as \"100m\", \"1Gi\" or \"2\".",
            DefinitionNames.TIME, "Time is a wrapper around time.Time; it is serialized as an RFC 3339 string.",
            DefinitionNames.MICRO_TIME, "MicroTime is a time with microsecond precision, serialized as an "
                    + "RFC 3339 string.",
            DefinitionNames.DURATION, "Duration is a time span written as a Go duration string such as \"1h30m\".",
            DefinitionNames.RAW_EXTENSION, "RawExtension holds an embedded object of any kind.",
            DefinitionNames.META + "FieldsV1", "FieldsV1 stores a set of fields in a data structure like a "
                    + "Trie, in JSON format.",
            DefinitionNames.OBJECT_META, "ObjectMeta is metadata that all persisted resources must have, which "
                    + "includes all objects users must create.",
            DefinitionNames.LIST_META, "ListMeta describes metadata that synthetic resources must have, "
                    + "including lists and various status objects.");

    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("io.k8s.api.core.v1.Container", List.of("name")),
            Map.entry("io.k8s.api.core.v1.EphemeralContainer", List.of("name")),
            Map.entry("io.k8s.api.core.v1.PodSpec", List.of("containers")),
            Map.entry("io.k8s.api.core.v1.ContainerPort", List.of("containerPort")),
            Map.entry("io.k8s.api.core.v1.ServicePort", List.of("port")),
            Map.entry("io.k8s.api.core.v1.EnvVar", List.of("name")),
            Map.entry("io.k8s.api.core.v1.VolumeMount", List.of("name", "mountPath")),
            Map.entry("io.k8s.api.core.v1.Volume", List.of("name")),
            Map.entry("io.k8s.api.core.v1.KeyToPath", List.of("key", "path")),
            Map.entry("io.k8s.api.core.v1.ConfigMapKeySelector", List.of("key")),
            Map.entry("io.k8s.api.core.v1.SecretKeySelector", List.of("key")),
            Map.entry("io.k8s.api.core.v1.HTTPGetAction", List.of("port")),
            Map.entry("io.k8s.api.core.v1.TCPSocketAction", List.of("port")),
            Map.entry("io.k8s.api.core.v1.NodeSelectorRequirement", List.of("key", "operator")),
            Map.entry("io.k8s.api.core.v1.Taint", List.of("key", "effect")),
            Map.entry("io.k8s.api.core.v1.Binding", List.of("target")),
            Map.entry(DefinitionNames.META + "LabelSelectorRequirement", List.of("key", "operator")),
            Map.entry(DefinitionNames.META + "OwnerReference", List.of("apiVersion", "kind", "name", "uid")),
            Map.entry("io.k8s.api.apps.v1.DeploymentSpec", List.of("selector", "template")),
            Map.entry("io.k8s.api.apps.v1.ReplicaSetSpec", List.of("selector")),
            Map.entry("io.k8s.api.apps.v1.DaemonSetSpec", List.of("selector", "template")),
            Map.entry("io.k8s.api.apps.v1.StatefulSetSpec", List.of("selector", "template")),
            Map.entry("io.k8s.api.batch.v1.JobSpec", List.of("template")),
            Map.entry("io.k8s.api.batch.v1.CronJobSpec", List.of("schedule", "jobTemplate")),
            Map.entry("io.k8s.api.rbac.v1.RoleRef", List.of("apiGroup", "kind", "name")),
            Map.entry("io.k8s.api.rbac.v1.Subject", List.of("kind", "name")),
            Map.entry("io.k8s.api.rbac.v1.PolicyRule", List.of("verbs")),
            Map.entry("io.k8s.api.rbac.v1.RoleBinding", List.of("roleRef")),
            Map.entry("io.k8s.api.rbac.v1.ClusterRoleBinding", List.of("roleRef")));

    private Descriptions() {
    }

    private static final class Generated {
        /** "definition TAB field" (field empty for the definition itself) to text. */
        static final Map<String, String> TEXTS = load();
    }

    static String ofDefinition(String name) {
        String generated = Generated.TEXTS.get(name + "\t");
        return generated != null ? generated : DEFINITIONS.get(name);
    }

    static String ofField(String definition, String field) {
        String generated = Generated.TEXTS.get(definition + "\t" + field);
        if (generated != null) {
            return generated;
        }
        String standard = STANDARD_FIELDS.get(field);
        if (standard != null) {
            return standard;
        }
        return switch (field) {
            case "metadata" -> definition.endsWith("List")
                    ? "Standard list metadata. More info: "
                    + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                    : "Standard object's metadata. More info: "
                    + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
            case "spec" -> "Spec defines the desired state of this object. More info: "
                    + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status";
            case "status" -> definition.startsWith(DefinitionNames.META) ? null
                    : "Status is the most recently observed state of this object; populated by the system. Read-only. "
                    + "More info: "
                    + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status";
            default -> null;
        };
    }

    static List<String> required(String definition, Set<String> fields) {
        List<String> req = REQUIRED.get(definition);
        if (req == null) {
            return List.of();
        }
        return req.stream().filter(fields::contains).toList();
    }

    /** One line of {@value #RESOURCE}; tabs, newlines and backslashes in the text escaped. */
    static String line(String definition, String field, String text) {
        return definition + "\t" + field + "\t"
                + text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "");
    }

    private static Map<String, String> load() {
        Map<String, String> texts = new HashMap<>();
        InputStream in = Descriptions.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            return texts; // the generator itself runs before the file exists
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int first = line.indexOf('\t');
                int second = line.indexOf('\t', first + 1);
                if (first > 0 && second > first) {
                    texts.put(line.substring(0, second), unescape(line.substring(second + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return texts;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                b.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
