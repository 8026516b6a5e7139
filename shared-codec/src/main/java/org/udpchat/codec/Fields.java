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
        requireWellFormed(name, "name");
    }

    /**
     * A lone surrogate has no UTF-8 form (it would be written as '?'), so a packet holding one could not
     * decode back to itself.
     */
    static void requireWellFormed(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i);
            }
        }
    }

    static void requireText(String text) {
        if (text == null) {
            throw new NullPointerException("text == null");
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text is empty");
        }
        requireWellFormed(text, "text");
    }

    static void requireFits(int encodedBytes, String what) {
        if (encodedBytes > Limits.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(
                    what + " takes " + encodedBytes + " bytes, over the " + Limits.MAX_DATAGRAM_BYTES + "-byte limit");
        }
    }
}
