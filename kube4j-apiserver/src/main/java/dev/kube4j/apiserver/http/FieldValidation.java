package dev.kube4j.apiserver.http;

import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.registry.ApiResource;

import java.util.List;

/**
 * The {@code fieldValidation} query parameter: what to do with unknown or duplicate fields in a
 * request body. Strict refuses with upstream's "strict decoding error", Warn (the default)
 * answers with Warning headers, Ignore drops them silently.
 */
public final class FieldValidation {

    /** Finds unknown and duplicate fields in a JSON body, as upstream's messages ("unknown field \"spec.x\""). */
    public interface Checker {
        List<String> problems(ApiResource resource, byte[] json);
    }

    private final Checker checker;

    public FieldValidation(Checker checker) {
        this.checker = checker;
    }

    public void check(HttpExchange ex, ApiResource r, byte[] json) {
        String mode = ex.query("fieldValidation");
        switch (mode) {
            case "", "Warn", "Strict", "Ignore" -> { }
            default -> throw ApiException.badRequest("fieldValidation must be one of Ignore, Warn, Strict; got \"" + mode + "\"");
        }
        if (mode.equals("Ignore")) {
            return;
        }
        List<String> problems = checker.problems(r, json);
        if (problems.isEmpty()) {
            return;
        }
        if (mode.equals("Strict")) {
            String version = r.def().gvk().version();
            throw ApiException.badRequest(r.kind() + " in version \"" + version + "\" cannot be handled as a "
                    + r.kind() + ": strict decoding error: " + String.join(", ", problems));
        }
        problems.forEach(ex::warn);
    }
}
