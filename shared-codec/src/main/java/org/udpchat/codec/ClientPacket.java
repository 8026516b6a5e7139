package org.udpchat.codec;

import java.util.Objects;

/** A datagram a client sends to the server. */
public sealed interface ClientPacket extends Packet permits ClientPacket.Login, ClientPacket.Chat, ClientPacket.Quit {

    /** {@code L <name>}: join the room under {@code name}. */
    record Login(String name) implements ClientPacket {
        public Login {
            FieldChecks.requireTrimmedName(name);
            FieldChecks.requireFits(2 + Utf8.encodedLength(name), "L <name>");
        }
    }

    /**
     * {@code C <name> <text>}: say {@code text}. The text is everything after the second space, kept
     * exactly (runs of spaces included); the name therefore cannot contain a space.
     */
    record Chat(String name, String text) implements ClientPacket {
        public Chat {
            Objects.requireNonNull(name, "name == null");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("name is empty");
            }
            if (name.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("name contains a space: " + Untrusted.quote(name));
            }
            FieldChecks.requireWellFormed(name, "name");
            FieldChecks.requireText(text);
            FieldChecks.requireFits(3 + Utf8.encodedLength(name) + Utf8.encodedLength(text), "C <name> <text>");
        }
    }

    /** {@code Q <name>}: leave the room. */
    record Quit(String name) implements ClientPacket {
        public Quit {
            FieldChecks.requireTrimmedName(name);
            FieldChecks.requireFits(2 + Utf8.encodedLength(name), "Q <name>");
        }
    }
}
