package dev.kube4j.api.patch;

import dev.kube4j.api.schema.Definition;
import dev.kube4j.api.schema.DefinitionNames;
import dev.kube4j.api.schema.PatchMetadata;
import dev.kube4j.api.schema.Property;
import dev.kube4j.api.schema.SchemaRegistry;
import dev.kube4j.api.schema.SchemaType;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.patch.PatchSchema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strategic-merge-patch metadata of the built-in kinds, as field paths for
 * {@link dev.kube4j.apimachinery.patch.StrategicMergePatch}.
 *
 * <p>Derived, not written down: the tags live on types in {@link PatchMetadata} (as upstream's
 * struct tags do), and a kind's {@link PatchSchema} is found by walking the type graph of
 * {@link SchemaRegistry#builtin()} from the kind's definition, following object properties,
 * array items and map values; each field gets the tags of (owning type, field). So the paths
 * always agree with the {@code x-kubernetes-patch-*} extensions of the OpenAPI documents. The
 * walk does not go below a list without the {@code merge} strategy (e.g. a pod's
 * {@code status.containerStatuses}) or a {@code replace} field: a patch replaces those as a
 * whole, so the tags inside them never apply.
 *
 * <p>The built-in kinds are the kinds of the fabric8 model whose objects have an
 * {@code ObjectMeta}. A kind's schema is derived once, on first use, and cached.
 *
 * <p>Two limits of the path form, neither reached by the built-in types: a recursive type
 * (apiextensions' {@code JSONSchemaProps}) is walked once, not again below itself, and
 * {@link PatchSchema} has no node for "every value of a map", so tags below map values are lost.
 */
public final class BuiltinPatchSchemas {

    private static final Map<GroupVersionKind, PatchSchema> CACHE = new ConcurrentHashMap<>();

    private BuiltinPatchSchemas() {
    }

    /** The preferred version of each built-in kind, by {@code group/Kind}; built on first use. */
    private static final class Kinds {
        static final Map<String, GroupVersionKind> PREFERRED = preferredVersions(SchemaRegistry.builtin());
    }

    /**
     * The patch metadata of a built-in kind in its preferred version, e.g.
     * {@code forKind("apps", "Deployment")}; the core group is {@code ""} (or null). Unknown kinds
     * (custom resources included) get {@link PatchSchema#empty()}.
     */
    public static PatchSchema forKind(String group, String kind) {
        GroupVersionKind gvk = Kinds.PREFERRED.get(key(group, kind));
        return gvk == null ? PatchSchema.empty() : forKind(gvk);
    }

    /**
     * The patch metadata of a built-in kind in the given version (versions differ: policy/v1's
     * PodDisruptionBudget replaces its selector, v1beta1's merges it). Unknown kinds get
     * {@link PatchSchema#empty()}.
     */
    public static PatchSchema forKind(GroupVersionKind gvk) {
        PatchSchema cached = CACHE.get(gvk);
        if (cached != null) {
            return cached;
        }
        SchemaRegistry registry = SchemaRegistry.builtin();
        return registry.forKind(gvk).filter(BuiltinPatchSchemas::isObjectKind)
                .map(def -> CACHE.computeIfAbsent(gvk, g -> new Walker(registry).definition(def.name())))
                .orElse(PatchSchema.empty());
    }

    /** Whether {@link #forKind(String, String)} knows the kind. */
    public static boolean isKnown(String group, String kind) {
        return Kinds.PREFERRED.containsKey(key(group, kind));
    }

    /** The known kinds as {@code group/Kind} ({@code /Pod} for the core group), sorted. */
    public static Set<String> knownKinds() {
        return Kinds.PREFERRED.keySet();
    }

    private static String key(String group, String kind) {
        return (group == null ? "" : group) + "/" + kind;
    }

    /** Objects (with {@code ObjectMeta}) are patched; lists, options and the like are not. */
    static boolean isObjectKind(Definition def) {
        Property meta = def.properties().get("metadata");
        return meta != null && meta.type() instanceof SchemaType.Ref r && r.name().equals(DefinitionNames.OBJECT_META);
    }

    static Map<String, GroupVersionKind> preferredVersions(SchemaRegistry registry) {
        Map<String, GroupVersionKind> out = new TreeMap<>();
        for (GroupVersionKind gvk : registry.kinds()) {
            if (registry.forKind(gvk).filter(BuiltinPatchSchemas::isObjectKind).isEmpty()) {
                continue;
            }
            out.merge(key(gvk.group(), gvk.kind()), gvk,
                    (a, b) -> VERSION_PRIORITY.compare(a.version(), b.version()) <= 0 ? a : b);
        }
        return Collections.unmodifiableMap(out);
    }

    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    /**
     * Upstream's version priority, highest first: GA before beta before alpha, higher numbers
     * first ({@code v2 < v1 < v1beta2 < v1beta1 < v1alpha1}); other names last, alphabetically.
     */
    static final Comparator<String> VERSION_PRIORITY = (a, b) -> {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            return ka != kb ? (ka ? -1 : 1) : a.compareTo(b);
        }
        int c = Integer.compare(stability(mb.group(2)), stability(ma.group(2)));
        if (c == 0) {
            c = Integer.compare(Integer.parseInt(mb.group(1)), Integer.parseInt(ma.group(1)));
        }
        if (c == 0 && ma.group(3) != null) {
            c = Integer.compare(Integer.parseInt(mb.group(3)), Integer.parseInt(ma.group(3)));
        }
        return c;
    };

    private static int stability(String level) {
        return level == null ? 2 : level.equals("beta") ? 1 : 0;
    }

    /**
     * Turns definitions into patch schemas: a definition's fields are its model properties plus
     * the fields {@link PatchMetadata} knows the model lacks; each field takes the tags of
     * (definition, field) and, below it, the schema of its value's definition.
     */
    static final class Walker {

        private final SchemaRegistry registry;
        private final Map<String, PatchSchema> done = new HashMap<>();
        private final Set<String> inProgress = new HashSet<>();
        private final Set<String> cut = new HashSet<>();
        private final List<String> lost = new ArrayList<>();

        Walker(SchemaRegistry registry) {
            this.registry = registry;
        }

        /** Tags the path form cannot hold (see the class comment); empty for the built-in types. */
        List<String> lost() {
            return lost;
        }

        PatchSchema definition(String name) {
            PatchSchema known = done.get(name);
            if (known != null) {
                return known;
            }
            if (!inProgress.add(name)) {
                cut.add(name);   // a cycle: do not walk the type again below itself
                return PatchSchema.empty();
            }
            Map<String, Property> properties = registry.definition(name)
                    .map(Definition::properties).orElse(Map.of());
            Set<String> fields = new TreeSet<>(properties.keySet());
            fields.addAll(PatchMetadata.fields(name));
            PatchSchema.Builder b = PatchSchema.builder();
            for (String field : fields) {
                PatchMetadata.lookup(name, field).ifPresent(e -> b.strategy(field, e.strategy(), e.mergeKey()));
                Property p = properties.get(field);
                PatchSchema below;
                if (p == null) {
                    below = PatchMetadata.aheadOfModelType(name, field).map(this::definition).orElse(PatchSchema.empty());
                } else if (replacedWhole(p)) {
                    below = PatchSchema.empty();
                } else {
                    below = value(p.type(), name + "." + field);
                }
                if (!below.isEmpty()) {
                    b.include(field, below);
                }
            }
            PatchSchema schema = b.build();
            inProgress.remove(name);
            if (cut.contains(name) && !schema.isEmpty()) {
                lost.add(name + " (below itself)");
            }
            done.put(name, schema);
            return schema;
        }

        /**
         * A patch replaces a list without the {@code merge} strategy, and a {@code replace}
         * field, as a whole: the tags inside never apply, so the walk does not go below them.
         */
        static boolean replacedWhole(Property p) {
            List<String> strategies = p.patchStrategy() == null ? List.of() : List.of(p.patchStrategy().split(","));
            return strategies.contains(PatchSchema.REPLACE)
                    || p.type() instanceof SchemaType.ArrayOf && !strategies.contains(PatchSchema.MERGE);
        }

        private PatchSchema value(SchemaType type, String where) {
            return switch (type) {
                case SchemaType.Ref r -> definition(r.name());
                // list elements share the node of their list
                case SchemaType.ArrayOf a -> value(a.items(), where);
                case SchemaType.MapOf m -> {
                    if (!value(m.values(), where).isEmpty()) {
                        lost.add(where + " (map values)");
                    }
                    yield PatchSchema.empty();
                }
                default -> PatchSchema.empty();
            };
        }
    }
}
