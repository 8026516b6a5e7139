package org.udpchat.codec;

/**
 * One datagram, as data: of the classic L/C/Q text protocol ({@link ClientPacket}, {@link ServerPacket})
 * or of the native protocol ({@link NativeClientPacket}, {@link NativeServerPacket}). Every packet that can
 * be constructed can be encoded, and decodes back to an equal packet: each record's constructor checks
 * exactly the conditions that guarantee it. Whether a name or a text is <em>allowed</em> in the room is a
 * separate question, answered by {@link Names} and {@link ChatText}, so that a receiver can refuse with a
 * specific reason.
 */
public sealed interface Packet
        permits ClientPacket,
                ServerPacket,
                NativeClientPacket,
                NativeServerPacket,
                ClearClientPacket,
                ClearServerPacket {}
