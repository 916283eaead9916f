package dev.kube4j.apimachinery.patch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;

/**
 * A patch that cannot be applied, with the {@code Status} upstream's apiserver returns for it and
 * the underlying reason in {@link #detail()}.
 *
 * <p>Upstream hides the reason of a failed JSON patch operation behind a generic 422
 * ({@code the server rejected our request due to an error in our request}), which kubectl prints
 * as {@code The request is invalid: the server rejected our request due to an error in our
 * request}; the status here is the same, and {@link #detail()} keeps the precise cause (e.g.
 * {@code testing value /spec/replicas failed: test failed}) for logs and audit.
 */
public final class PatchException extends ApiException {

    /** Upstream's message for a 422 without server detail. */
    public static final String REJECTED = "the server rejected our request due to an error in our request";

    private final String detail;

    public PatchException(int code, String reason, String message, ObjectNode details, String detail) {
        super(code, reason, message, details);
        this.detail = detail;
    }

    /** The precise failure, e.g. {@code replace operation does not apply: doc is missing key: /a: missing value}. */
    public String detail() {
        return detail;
    }

    /** 400 BadRequest with the message shown to the user (malformed patch). */
    public static PatchException badRequest(String message) {
        return new PatchException(400, "BadRequest", message, null, message);
    }

    /** 422 Invalid with upstream's generic message and empty details; the cause is kept in {@link #detail()}. */
    public static PatchException unprocessable(String detail) {
        return new PatchException(422, "Invalid", REJECTED, JsonNodeFactory.instance.objectNode(), detail);
    }

    /** 500 without reason: upstream returns strategic-merge errors it does not classify as plain errors. */
    public static PatchException unclassified(String message) {
        return new PatchException(500, "", message, null, message);
    }

    /** 413 for patches with too many operations. */
    public static PatchException tooLarge(String message) {
        return new PatchException(413, "RequestEntityTooLarge", message, null, message);
    }

    @Override
    public String toString() {
        return "PatchException(" + code() + " " + reason() + "): " + getMessage()
                + (detail.equals(getMessage()) ? "" : " [" + detail + "]");
    }
}
