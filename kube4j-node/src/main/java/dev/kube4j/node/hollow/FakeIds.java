package dev.kube4j.node.hollow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable fake image and container IDs, shaped like a real runtime's so clients parse them. */
final class FakeIds {

    private FakeIds() {
    }

    static String imageId(String image) {
        return "hollow://sha256:" + sha256(image == null ? "" : image);
    }

    /** A stable fake image size between 20 and ~530 MiB, as a node reports in status.images. */
    static long imageSize(String image) {
        long h = Long.parseLong(sha256(image == null ? "" : image).substring(0, 8), 16);
        return (20L + h % 512) * 1024 * 1024;
    }

    /** The repository digest a runtime lists for a pulled image: {@code repo@sha256:…}. */
    static String repoDigest(String normalizedImage) {
        String repo = normalizedImage;
        int at = repo.indexOf('@');
        if (at >= 0) {
            return repo;
        }
        int colon = repo.lastIndexOf(':');
        if (colon > repo.lastIndexOf('/')) {
            repo = repo.substring(0, colon);
        }
        return repo + "@sha256:" + sha256(normalizedImage);
    }

    static String containerId(String podUid, String container, int restartCount) {
        return "hollow://" + sha256(podUid + "/" + container + "/" + restartCount);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
