package org.udpchat.codec;

/** A datagram the server sends to a client. */
public sealed interface ServerPacket extends Packet permits ServerPacket.Ok, ServerPacket.Exit, ServerPacket.Line {

    /** {@code OK}: the login was accepted. Classic clients compare these exact bytes. */
    record Ok() implements ServerPacket {}

    /** {@code EXIT}: the membership has ended; classic clients stop when they read these exact bytes. */
    record Exit() implements ServerPacket {}

    /**
     * Any other text, shown to the user as one line: chat lines, notices, refusals. A line can never be
     * {@code OK} or {@code EXIT}, which would make a classic client act instead of print.
     */
    record Line(String text) implements ServerPacket {

        /** Between a speaker's name and the text in every chat line, as the classic server wrote it. */
        public static final String CHAT_SEPARATOR = " : ";

        public Line {
            FieldChecks.requireText(text);
            if (text.equals(ClassicCodec.OK) || text.equals(ClassicCodec.EXIT)) {
                throw new IllegalArgumentException("a line cannot be " + text + ": that is a control reply");
            }
            FieldChecks.requireFits(Utf8.encodedLength(text), "line");
        }

        /** {@code <name> : <text>}, the line every member sees for a chat. */
        public static Line chat(String name, String text) {
            return new Line(name + CHAT_SEPARATOR + text);
        }

        /** The bytes {@link #chat} would take: a caller checks this before building an oversize line. */
        public static int chatLength(String name, String text) {
            return Utf8.encodedLength(name) + CHAT_SEPARATOR.length() + Utf8.encodedLength(text);
        }
    }
}
