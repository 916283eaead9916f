package dev.kube4j.api.schema;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Build-time step (run by the exec plugin in {@code process-classes}, see this module's pom): reads
 * upstream's descriptions from the official Java client's model classes
 * ({@code io.kubernetes:client-java-api}, a build-only dependency) and writes them, keyed by this
 * project's definition names and JSON field names, to {@value Descriptions#RESOURCE}.
 *
 * <p>The client's classes are generated from upstream's OpenAPI and carry each type's text in
 * {@code @ApiModel(description)} and each field's in {@code @ApiModelProperty(value)} on its getter,
 * with the JSON name in Gson's {@code @SerializedName}. They are read by reflection through
 * annotation names only, so nothing here links against the client and the server does not ship it.
 * A definition {@code io.k8s.api.apps.v1.DeploymentSpec} is the class {@code AppsV1DeploymentSpec}
 * where the client had to tell groups apart, else {@code V1DeploymentSpec}; a class counts only
 * if it has most of the definition's fields.
 */
public final class DescriptionsGenerator {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final String API_MODEL = "io.swagger.annotations.ApiModel";
    private static final String API_MODEL_PROPERTY = "io.swagger.annotations.ApiModelProperty";
    private static final String SERIALIZED_NAME = "com.google.gson.annotations.SerializedName";

    private final ClassLoader loader;
    private int definitions;
    private int matched;
    private int fields;

    private DescriptionsGenerator(ClassLoader loader) {
        this.loader = loader;
    }

    /** {@code args[0]}: the file to write. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        DescriptionsGenerator generator = new DescriptionsGenerator(DescriptionsGenerator.class.getClassLoader());
        List<String> lines = generator.lines(SchemaRegistry.derive(DescriptionsGenerator.class.getClassLoader()));
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
        System.out.printf("kube4j descriptions: %d of %d definitions matched, %d field descriptions -> %s%n",
                generator.matched, generator.definitions, generator.fields, out);
    }

    List<String> lines(SchemaRegistry registry) {
        List<String> lines = new ArrayList<>();
        for (Definition def : registry.definitions().values()) {
            definitions++;
            Optional<Class<?>> model = modelClass(def);
            if (model.isEmpty()) {
                continue;
            }
            matched++;
            Class<?> c = model.get();
            String typeText = annotationValue(c.getAnnotations(), API_MODEL, "description");
            if (!typeText.isEmpty()) {
                lines.add(Descriptions.line(def.name(), "", typeText));
            }
            Map<String, String> byJsonName = fieldTexts(c);
            for (String field : def.properties().keySet()) {
                String text = byJsonName.getOrDefault(field, "");
                if (!text.isEmpty()) {
                    fields++;
                    lines.add(Descriptions.line(def.name(), field, text));
                }
            }
        }
        return lines;
    }

    private Optional<Class<?>> modelClass(Definition def) {
        String[] parts = def.name().split("\\.");
        int v = -1;
        for (int i = parts.length - 2; i >= 0; i--) {
            if (parts[i].matches("v\\d+((alpha|beta)\\d+)?")) {
                v = i;
                break;
            }
        }
        String simple = parts[parts.length - 1];
        List<String> candidates = new ArrayList<>();
        if (v > 0) {
            String version = capitalize(parts[v]);
            candidates.add(capitalize(parts[v - 1].replace("-", "")) + version + simple);
            candidates.add(version + simple);
        } else {
            candidates.add(capitalize(parts[parts.length - 2]) + simple);
        }
        for (String name : candidates) {
            try {
                Class<?> c = Class.forName(MODELS + name, false, loader);
                if (fitsMostFields(c, def)) {
                    return Optional.of(c);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // not a class of the client
            }
        }
        return Optional.empty();
    }

    private static boolean fitsMostFields(Class<?> c, Definition def) {
        if (def.properties().isEmpty()) {
            return true;
        }
        java.util.Set<String> names = jsonFields(c).keySet();
        long common = def.properties().keySet().stream().filter(names::contains).count();
        return common * 2 >= def.properties().size();
    }

    /** The client class's fields by JSON name. */
    private static Map<String, Field> jsonFields(Class<?> c) {
        Map<String, Field> byName = new HashMap<>();
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String json = annotationValue(f.getAnnotations(), SERIALIZED_NAME, "value");
            if (!json.isEmpty()) {
                byName.put(json, f);
            }
        }
        return byName;
    }

    /** Each field's description (from its getter's annotation) by the field's JSON name. */
    private static Map<String, String> fieldTexts(Class<?> c) {
        Map<String, String> getterTexts = new HashMap<>();
        for (Method m : c.getDeclaredMethods()) {
            String text = annotationValue(m.getAnnotations(), API_MODEL_PROPERTY, "value");
            String name = m.getName();
            String property = name.startsWith("get") ? name.substring(3) : name.startsWith("is") ? name.substring(2) : null;
            if (!text.isEmpty() && property != null) {
                getterTexts.put(property.toLowerCase(Locale.ROOT), text);
            }
        }
        Map<String, String> texts = new HashMap<>();
        jsonFields(c).forEach((json, f) -> {
            String javaName = f.getName().startsWith("_") ? f.getName().substring(1) : f.getName();
            String text = getterTexts.get(javaName.toLowerCase(Locale.ROOT));
            if (text != null) {
                texts.put(json, text);
            }
        });
        return texts;
    }

    private static String annotationValue(Annotation[] annotations, String type, String element) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().equals(type)) {
                try {
                    Object value = a.annotationType().getMethod(element).invoke(a);
                    return value == null ? "" : value.toString().strip();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + type + "." + element, e);
                }
            }
        }
        return "";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
