package dev.kube4j.apimachinery.validation;

import java.util.List;

/**
 * Validates an object name (or, with {@code prefix}, a generateName prefix), as upstream's
 * {@code ValidateNameFunc}. Returns the failure descriptions.
 */
@FunctionalInterface
public interface NameValidator {

    List<String> validate(String name, boolean prefix);

    /** DNS-1123 subdomain: most kinds. */
    NameValidator DNS_SUBDOMAIN = (name, prefix) -> Validators.isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

    /** DNS-1123 label: namespaces, statefulsets. */
    NameValidator DNS_LABEL = (name, prefix) -> Validators.isDNS1123Label(prefix ? maskTrailingDash(name) : name);

    /** RFC 1035 label: services. */
    NameValidator DNS1035_LABEL = (name, prefix) -> Validators.isDNS1035Label(prefix ? maskTrailingDash(name) : name);

    /** Any name usable as a URL path segment: RBAC kinds. */
    NameValidator PATH_SEGMENT = (name, prefix) -> prefix ? Validators.isValidPathSegmentPrefix(name)
            : Validators.isValidPathSegmentName(name);

    /** Upstream's maskTrailingDash, quirk included (it drops the last two characters). */
    static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) {
            return name.substring(0, name.length() - 2) + "a";
        }
        return name;
    }
}
