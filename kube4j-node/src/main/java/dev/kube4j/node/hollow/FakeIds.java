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
