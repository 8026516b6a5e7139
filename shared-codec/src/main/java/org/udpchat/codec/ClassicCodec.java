package org.udpchat.codec;

import java.nio.ByteBuffer;

/**
 * The classic L/C/Q text protocol, byte for byte as the classic Python clients speak it. Every datagram
 * is UTF-8 text of at most {@link Limits#MAX_DATAGRAM_BYTES} bytes, a tag first and fields separated by
 * one space (U+0020):
 *
 * <pre>
 *   client → server                        server → client
 *   L &lt;name&gt;          join                  OK                 the join was accepted
 *   C &lt;name&gt; &lt;text&gt;   say text              EXIT               the membership has ended
 *   Q &lt;name&gt;          leave                 &lt;any other text&gt;   one line for the screen
 * </pre>
 *
 * <p>For example {@code C bob hi  there} is the 15 bytes {@code 43 20 62 6F 62 20 68 69 20 20 74 68 65 72
 * 65}: tag {@code C}, name {@code bob}, and the text {@code "hi  there"} with both of its spaces,
 * because the text is everything after the second space. A login or quit name is everything after the
 * first space with surrounding whitespace trimmed.
 *
 * <p>Stateless and pure: no I/O, no logging, no addresses (the caller keeps the sender beside the packet).
 */
public final class ClassicCodec {

    /** The exact reply to an accepted login. */
    public static final String OK = "OK";

    /** The exact datagram that ends a classic client. */
    public static final String EXIT = "EXIT";

    private static final String LOGIN_TAG = "L";
    private static final String CHAT_TAG = "C";
    private static final String QUIT_TAG = "Q";
    private static final char SEPARATOR = ' ';

    private ClassicCodec() {}

    /**
     * Appends the packet's bytes to {@code out}, which needs room for {@link Limits#MAX_DATAGRAM_BYTES}.
     * Allocates nothing, so a relay can encode each outgoing line once into a reused buffer.
     */
    public static void encode(Packet packet, ByteBuffer out) {
        if (packet instanceof ClientPacket.Login login) {
            tagged(LOGIN_TAG, login.name(), out);
        } else if (packet instanceof ClientPacket.Chat chat) {
            tagged(CHAT_TAG, chat.name(), out);
            out.put((byte) SEPARATOR);
            Utf8.encode(chat.text(), out);
        } else if (packet instanceof ClientPacket.Quit quit) {
            tagged(QUIT_TAG, quit.name(), out);
        } else if (packet instanceof ServerPacket.Ok) {
            Utf8.encode(OK, out);
        } else if (packet instanceof ServerPacket.Exit) {
            Utf8.encode(EXIT, out);
        } else if (packet instanceof ServerPacket.Line line) {
            Utf8.encode(line.text(), out);
        } else {
            throw new AssertionError(packet);
        }
    }

    /** The packet's bytes in a new array. */
    public static byte[] encode(Packet packet) {
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_DATAGRAM_BYTES);
        encode(packet, out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /**
     * Whether a client's datagram starts as a chat does ({@code C} and a space), looked at without decoding
     * it or moving the buffer: lets a relay turn a flooder's lines away for less than decoding them costs.
     * Says nothing of whether the rest is well formed.
     */
    public static boolean isTaggedChat(ByteBuffer datagram) {
        int start = datagram.position();
        return datagram.remaining() >= 2
                && datagram.get(start) == CHAT_TAG.charAt(0)
                && datagram.get(start + 1) == SEPARATOR;
    }

    /** Decodes a datagram a client sent, consuming the buffer's remaining bytes. */
    public static ClientPacket decodeClientPacket(ByteBuffer datagram) throws MalformedPacketException {
        if (isTaggedChat(datagram)) {
            MalformedPacketException.checkSize(datagram.remaining(), Limits.MAX_DATAGRAM_BYTES);
            return decodeChat(datagram);
        }
        String text = decodeText(datagram);
        int firstSpace = text.indexOf(SEPARATOR);
        String tag = firstSpace < 0 ? text : text.substring(0, firstSpace);
        String rest = firstSpace < 0 ? "" : text.substring(firstSpace + 1);
        switch (tag) {
            case LOGIN_TAG:
                return new ClientPacket.Login(requireName(rest, "L <name>"));
            case QUIT_TAG:
                return new ClientPacket.Quit(requireName(rest, "Q <name>"));
            case CHAT_TAG:
                return decodeChat(rest);
            default:
                throw new MalformedPacketException(
                        MalformedPacketException.Reason.UNKNOWN_TYPE,
                        "unknown packet type " + Untrusted.quote(tag) + ": expected L, C or Q");
        }
    }

    /** Decodes a datagram a client sent. */
    public static ClientPacket decodeClientPacket(byte[] bytes, int offset, int length)
            throws MalformedPacketException {
        return decodeClientPacket(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Decodes a datagram the server sent, consuming the buffer's remaining bytes. */
    public static ServerPacket decodeServerPacket(ByteBuffer datagram) throws MalformedPacketException {
        String text = decodeText(datagram);
        if (text.equals(OK)) {
            return new ServerPacket.Ok();
        }
        if (text.equals(EXIT)) {
            return new ServerPacket.Exit();
        }
        return new ServerPacket.Line(text);
    }

    /** Decodes a datagram the server sent. */
    public static ServerPacket decodeServerPacket(byte[] bytes, int offset, int length)
            throws MalformedPacketException {
        return decodeServerPacket(ByteBuffer.wrap(bytes, offset, length));
    }

    private static void tagged(String tag, String name, ByteBuffer out) {
        Utf8.encode(tag, out);
        out.put((byte) SEPARATOR);
        Utf8.encode(name, out);
    }

    private static String decodeText(ByteBuffer datagram) throws MalformedPacketException {
        MalformedPacketException.checkSize(datagram.remaining(), Limits.MAX_DATAGRAM_BYTES);
        return Utf8.decode(datagram);
    }

    private static String requireName(String rest, String form) throws MalformedPacketException {
        String name = rest.strip();
        if (name.isEmpty()) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.MISSING_NAME, "no name: expected '" + form + "'");
        }
        return name;
    }

    /**
     * A datagram that starts {@code "C "}, read field by field from the bytes: the same as decoding the whole
     * text and splitting it (a space byte is never part of a longer UTF-8 sequence, and a rejection names the
     * same offset), without the copies of the text that splitting makes, since a relay decodes every chat.
     */
    private static ClientPacket decodeChat(ByteBuffer datagram) throws MalformedPacketException {
        int start = datagram.position();
        int end = datagram.limit();
        int nameStart = start + 2;
        int space = nameStart;
        while (space < end && datagram.get(space) != SEPARATOR) {
            space++;
        }
        String name;
        String text = "";
        try {
            datagram.limit(space).position(nameStart);
            name = Utf8.decode(datagram, nameStart - start);
            if (space < end) {
                datagram.limit(end).position(space + 1);
                text = Utf8.decode(datagram, space + 1 - start);
            }
        } finally {
            datagram.limit(end).position(end);
        }
        return chat(name, text);
    }

    private static ClientPacket decodeChat(String rest) throws MalformedPacketException {
        int space = rest.indexOf(SEPARATOR);
        String name = space < 0 ? rest : rest.substring(0, space);
        return chat(name, space < 0 ? "" : rest.substring(space + 1));
    }

    private static ClientPacket chat(String name, String text) throws MalformedPacketException {
        if (name.isEmpty()) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.MISSING_NAME, "no name: expected 'C <name> <text>'");
        }
        if (text.isEmpty()) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.MISSING_TEXT, "no text: expected 'C <name> <text>'");
        }
        return new ClientPacket.Chat(name, text);
    }
}
