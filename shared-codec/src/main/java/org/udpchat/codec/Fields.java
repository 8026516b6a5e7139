package org.udpchat.codec;

/** The structural checks the packet records share, with messages that name the broken condition. */
final class Fields {

    private Fields() {}

    static void requireTrimmedName(String name) {
        if (name == null) {
            throw new NullPointerException("name == null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is empty");
        }
        if (!name.strip().equals(name)) {
            throw new IllegalArgumentException("name has surrounding whitespace: " + Untrusted.quote(name));
        }
    }

    static void requireText(String text) {
        if (text == null) {
            throw new NullPointerException("text == null");
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text is empty");
        }
    }

    static void requireFits(int encodedBytes, String what) {
        if (encodedBytes > Limits.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(
                    what + " takes " + encodedBytes + " bytes, over the " + Limits.MAX_DATAGRAM_BYTES + "-byte limit");
        }
    }
}
