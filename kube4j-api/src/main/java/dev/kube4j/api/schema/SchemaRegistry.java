package dev.kube4j.api.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The structural schemas of the built-in kinds, derived once per process by reflection from the
 * fabric8 model classes and named as upstream's OpenAPI names them.
 *
 * <p>Kinds are found through the fabric8 {@code KubernetesResource} service files and their
 * {@code @Group}/{@code @Version} annotations; fields are the {@code @JsonProperty} fields (the
 * {@code additionalProperties} catch-all is not a field). Use {@link #builtin()}.
 */
public final class SchemaRegistry {

    private static final String SERVICE_FILE = "META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource";

    /** Types the API publishes besides the kinds' own schemas (request and response bodies). */
    private static final List<String> EXTRA_TYPES = List.of(
            "io.fabric8.kubernetes.api.model.Status", "io.fabric8.kubernetes.api.model.DeleteOptions",
            "io.fabric8.kubernetes.api.model.WatchEvent", "io.fabric8.kubernetes.api.model.Patch",
            "io.fabric8.kubernetes.api.model.APIResourceList", "io.fabric8.kubernetes.api.model.APIGroupList",
            "io.fabric8.kubernetes.api.model.APIGroup", "io.fabric8.kubernetes.api.model.APIVersions",
            "io.fabric8.kubernetes.api.model.version.Info");

    private final Map<GroupVersionKind, Class<?>> kindClasses;
    private final Map<GroupVersionKind, String> kindDefinitions;
    private final Map<String, Definition> definitions;

    private SchemaRegistry(Map<GroupVersionKind, Class<?>> kindClasses, Map<GroupVersionKind, String> kindDefinitions,
                           Map<String, Definition> definitions) {
        this.kindClasses = Collections.unmodifiableMap(kindClasses);
        this.kindDefinitions = Collections.unmodifiableMap(kindDefinitions);
        this.definitions = Collections.unmodifiableMap(definitions);
    }

    private static final class Holder {
        static final SchemaRegistry BUILTIN = derive(SchemaRegistry.class.getClassLoader());
    }

    /** The registry of every kind of the fabric8 model jars on the class path; built on first use. */
    public static SchemaRegistry builtin() {
        return Holder.BUILTIN;
    }

    /** Every definition by name, sorted by name. */
    public Map<String, Definition> definitions() {
        return definitions;
    }

    public Optional<Definition> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    /** The top-level definition of a kind, e.g. {@code io.k8s.api.apps.v1.Deployment} for apps/v1 Deployment. */
    public Optional<Definition> forKind(GroupVersionKind gvk) {
        String name = kindDefinitions.get(gvk);
        return name == null ? Optional.empty() : Optional.ofNullable(definitions.get(name));
    }

    /** The fabric8 model class of a kind. */
    public Optional<Class<?>> modelClass(GroupVersionKind gvk) {
        return Optional.ofNullable(kindClasses.get(gvk));
    }

    /** Every kind with a model class. */
    public Set<GroupVersionKind> kinds() {
        return kindClasses.keySet();
    }

    /** The given definitions and every definition they reference, transitively. */
    public SortedSet<String> closure(Collection<String> roots) {
        SortedSet<String> seen = new TreeSet<>();
        Deque<String> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            String name = work.pop();
            Definition def = definitions.get(name);
            if (def == null || !seen.add(name)) {
                continue;
            }
            for (Property p : def.properties().values()) {
                collectRefs(p.type(), work);
            }
        }
        return seen;
    }

    private static void collectRefs(SchemaType type, Deque<String> out) {
        switch (type) {
            case SchemaType.Ref r -> out.push(r.name());
            case SchemaType.ArrayOf a -> collectRefs(a.items(), out);
            case SchemaType.MapOf m -> collectRefs(m.values(), out);
            default -> {
            }
        }
    }

    // ------------------------------------------------------------------ derivation

    static SchemaRegistry derive(ClassLoader loader) {
        Map<GroupVersionKind, Class<?>> kinds = new HashMap<>();
        for (String className : serviceClassNames(loader)) {
            Class<?> c;
            try {
                c = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            Version version = c.getAnnotation(Version.class);
            Group group = c.getAnnotation(Group.class);
            if (version == null || group == null || Modifier.isAbstract(c.getModifiers()) || c.isInterface()) {
                continue;
            }
            Kind kind = c.getAnnotation(Kind.class);
            String kindName = kind != null ? kind.value() : c.getSimpleName();
            kinds.putIfAbsent(new GroupVersionKind(group.value(), version.value(), kindName), c);
        }
        Deriver deriver = new Deriver();
        Map<GroupVersionKind, String> kindDefs = new HashMap<>();
        for (Map.Entry<GroupVersionKind, Class<?>> e : kinds.entrySet()) {
            kindDefs.put(e.getKey(), deriver.nameFor(e.getValue()));
        }
        for (String extra : EXTRA_TYPES) {
            try {
                deriver.nameFor(Class.forName(extra, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // not on the class path
            }
        }
        deriver.drain();
        // attach x-kubernetes-group-version-kind
        Map<String, List<GroupVersionKind>> gvksByDef = new HashMap<>();
        kindDefs.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(
                        java.util.Comparator.comparing(GroupVersionKind::group)
                                .thenComparing(GroupVersionKind::version)
                                .thenComparing(GroupVersionKind::kind)))
                .forEach(e -> gvksByDef.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey()));
        Map<String, Definition> defs = new TreeMap<>();
        for (Definition d : deriver.defs.values()) {
            List<GroupVersionKind> gvks = gvksByDef.getOrDefault(d.name(), List.of());
            defs.put(d.name(), new Definition(d.name(), d.description(), d.shape(),
                    withReferencedTexts(d.properties(), deriver.defs), d.required(), List.copyOf(gvks)));
        }
        return new SchemaRegistry(kinds, kindDefs, defs);
    }

    /**
     * A field whose type is another definition and that has no text of its own gets that
     * definition's text: upstream documents such fields, but the source of {@link Descriptions}
     * lost those texts.
     */
    private static Map<String, Property> withReferencedTexts(Map<String, Property> props, Map<String, Definition> defs) {
        if (props.values().stream().noneMatch(p -> p.description() == null && p.type() instanceof SchemaType.Ref)) {
            return props;
        }
        Map<String, Property> out = new TreeMap<>();
        props.forEach((name, p) -> {
            String text = p.description();
            if (text == null && p.type() instanceof SchemaType.Ref(String ref) && defs.containsKey(ref)) {
                text = defs.get(ref).description();
            }
            out.put(name, new Property(name, p.type(), text, p.patchStrategy(), p.patchMergeKey()));
        });
        return Collections.unmodifiableMap(out);
    }

    private static List<String> serviceClassNames(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> urls = loader.getResources(SERVICE_FILE);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        line = line.strip();
                        if (!line.isEmpty() && !line.startsWith("#")) {
                            names.add(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SERVICE_FILE, e);
        }
        Collections.sort(names);
        return names;
    }

    /** Walks model classes breadth first, turning each into one {@link Definition}. */
    private static final class Deriver {
        final Map<Class<?>, String> names = new HashMap<>();
        final Map<String, Definition> defs = new LinkedHashMap<>();
        final Deque<Class<?>> pending = new ArrayDeque<>();

        String nameFor(Class<?> c) {
            String known = names.get(c);
            if (known != null) {
                return known;
            }
            String name = DefinitionNames.of(c);
            names.put(c, name);
            pending.add(c);
            return name;
        }

        void drain() {
            while (!pending.isEmpty()) {
                Class<?> c = pending.poll();
                String name = names.get(c);
                if (!defs.containsKey(name)) {
                    defs.put(name, build(c, name));
                }
            }
            defs.computeIfAbsent(DefinitionNames.TIME, n -> special(n, Definition.Shape.TIME));
            defs.computeIfAbsent(DefinitionNames.MICRO_TIME, n -> special(n, Definition.Shape.MICRO_TIME));
        }

        private static Definition special(String name, Definition.Shape shape) {
            return new Definition(name, Descriptions.ofDefinition(name), shape, Map.of(), List.of(), List.of());
        }

        private Definition build(Class<?> c, String name) {
            Definition.Shape shape = specialShape(c);
            if (shape != null) {
                return special(name, shape);
            }
            Map<String, Property> props = new TreeMap<>();
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                        continue;
                    }
                    JsonProperty jp = f.getAnnotation(JsonProperty.class);
                    if (jp == null || f.isAnnotationPresent(JsonIgnore.class)
                            || f.getName().equals("additionalProperties")) {
                        continue;
                    }
                    String json = jp.value().isEmpty() ? f.getName() : jp.value();
                    if (props.containsKey(json)) {
                        continue;
                    }
                    SchemaType type = typeOf(f.getGenericType(), json, name);
                    PatchMetadata.Entry patch = PatchMetadata.lookup(name, json).orElse(null);
                    props.put(json, new Property(json, type, Descriptions.ofField(name, json),
                            patch == null ? null : patch.strategy(), patch == null ? null : patch.mergeKey()));
                }
            }
            if (props.isEmpty()) {
                return special(name, Definition.Shape.FREE_OBJECT);
            }
            return new Definition(name, Descriptions.ofDefinition(name), Definition.Shape.STRUCT,
                    Collections.unmodifiableMap(props), Descriptions.required(name, props.keySet()), List.of());
        }

        private static Definition.Shape specialShape(Class<?> c) {
            String n = DefinitionNames.of(c);
            switch (n) {
                case DefinitionNames.INT_OR_STRING:
                    return Definition.Shape.INT_OR_STRING;
                case DefinitionNames.QUANTITY:
                    return Definition.Shape.QUANTITY;
                case DefinitionNames.MICRO_TIME:
                    return Definition.Shape.MICRO_TIME;
                case DefinitionNames.DURATION:
                    return Definition.Shape.DURATION;
                case DefinitionNames.RAW_EXTENSION:
                case DefinitionNames.META + "FieldsV1":
                    return Definition.Shape.FREE_OBJECT;
                default:
                    break;
            }
            JsonDeserialize jd = c.getAnnotation(JsonDeserialize.class);
            if (jd != null && jd.using() != JsonDeserializer.None.class) {
                return Definition.Shape.ANY;
            }
            if (io.fabric8.kubernetes.api.model.AnyType.class.isAssignableFrom(c)) {
                return Definition.Shape.ANY;
            }
            return null;
        }

        private SchemaType typeOf(Type t, String field, String owner) {
            if (t instanceof WildcardType w) {
                return typeOf(w.getUpperBounds()[0], field, owner);
            }
            if (t instanceof GenericArrayType g) {
                return new SchemaType.ArrayOf(typeOf(g.getGenericComponentType(), field, owner));
            }
            if (t instanceof ParameterizedType p) {
                Class<?> raw = (Class<?>) p.getRawType();
                Type[] args = p.getActualTypeArguments();
                if (Map.class.isAssignableFrom(raw)) {
                    return new SchemaType.MapOf(typeOf(args[1], field, owner));
                }
                if (Collection.class.isAssignableFrom(raw)) {
                    return new SchemaType.ArrayOf(typeOf(args[0], field, owner));
                }
                return typeOf(raw, field, owner);
            }
            if (!(t instanceof Class<?> c)) {
                return SchemaType.FreeForm.INSTANCE;
            }
            if (c == String.class) {
                return isTimeField(owner, field) ? new SchemaType.Ref(DefinitionNames.TIME) : SchemaType.Primitive.STRING;
            }
            if (c == Integer.class || c == int.class || c == Short.class || c == short.class
                    || c == Byte.class || c == byte.class) {
                return SchemaType.Primitive.INT32;
            }
            if (c == Long.class || c == long.class || c == java.math.BigInteger.class) {
                return SchemaType.Primitive.INT64;
            }
            if (c == Double.class || c == double.class || c == Float.class || c == float.class
                    || c == java.math.BigDecimal.class) {
                return SchemaType.Primitive.DOUBLE;
            }
            if (c == Boolean.class || c == boolean.class) {
                return SchemaType.Primitive.BOOLEAN;
            }
            if (c == byte[].class) {
                return new SchemaType.Primitive("string", "byte");
            }
            if (c.isArray()) {
                return new SchemaType.ArrayOf(typeOf(c.getComponentType(), field, owner));
            }
            if (c.isEnum() || CharSequence.class.isAssignableFrom(c)) {
                return SchemaType.Primitive.STRING;
            }
            if (Temporal.class.isAssignableFrom(c) || c == java.util.Date.class) {
                return new SchemaType.Ref(DefinitionNames.MICRO_TIME);
            }
            if (Map.class.isAssignableFrom(c)) {
                return new SchemaType.MapOf(SchemaType.FreeForm.INSTANCE);
            }
            if (Collection.class.isAssignableFrom(c)) {
                return new SchemaType.ArrayOf(SchemaType.FreeForm.INSTANCE);
            }
            if (c == Object.class || JsonNode.class.isAssignableFrom(c) || c.isInterface()
                    || Modifier.isAbstract(c.getModifiers()) || c == io.fabric8.kubernetes.api.model.AnyType.class) {
                return SchemaType.FreeForm.INSTANCE;
            }
            if (c.getName().startsWith("io.fabric8.")) {
                if (DefinitionNames.of(c).equals(DefinitionNames.MICRO_TIME)) {
                    nameFor(c);
                    return new SchemaType.Ref(DefinitionNames.MICRO_TIME);
                }
                return new SchemaType.Ref(nameFor(c));
            }
            return SchemaType.FreeForm.INSTANCE;
        }

        private static boolean isTimeField(String owner, String field) {
            if (field.endsWith("Timestamp") || field.equals("startedAt") || field.equals("finishedAt")
                    || field.equals("timeAdded")) {
                return true;
            }
            if (field.equals("time")) {
                return owner.endsWith(".ManagedFieldsEntry") || owner.endsWith(".VolumeError");
            }
            return field.endsWith("Time") && !Descriptions.NOT_TIME_FIELDS.contains(field);
        }
    }
}
