/**
 * The chat room's wire format: bytes to typed packets and back, for both protocols on the one port. Pure
 * and stateless: no I/O, no logging, no addresses; a datagram that is not a packet is refused with one
 * {@link org.udpchat.codec.MalformedPacketException} whose message says exactly what was wrong.
 *
 * <p><b>Packets are data.</b> {@link org.udpchat.codec.Packet} is a sealed family of records, one per
 * datagram type: {@link org.udpchat.codec.ClientPacket} and {@link org.udpchat.codec.ServerPacket} for the
 * classic text protocol, {@link org.udpchat.codec.NativeClientPacket} and
 * {@link org.udpchat.codec.NativeServerPacket} for the native one, whose events and requests are the
 * {@link org.udpchat.codec.RoomEvent} and {@link org.udpchat.codec.RoomRequest} records. Every record
 * checks in its constructor exactly what it needs to encode and decode back to itself, through the shared
 * {@code FieldChecks}; so every packet that exists can be sent.
 *
 * <p><b>The classic codec.</b> {@link org.udpchat.codec.ClassicCodec} speaks the L/C/Q text of the Python
 * clients, byte for byte. Whether a name or a text is allowed in the room is a separate question, with a
 * reason for each refusal: {@link org.udpchat.codec.Names}, {@link org.udpchat.codec.RoomNames},
 * {@link org.udpchat.codec.ChatText}; {@link org.udpchat.codec.KickNotice} is the one line that stands for
 * a kick.
 *
 * <p><b>The native codec</b> is three layers, each a table of its kinds: {@link org.udpchat.codec.NativeCodec}
 * the datagrams (preamble, session header, the client's and the server's packet types),
 * {@link org.udpchat.codec.EventCodec} the bodies of events, which the server encodes once for all their
 * recipients, and {@code RequestCodec} the bodies of requests. In each, a {@code KindTable} row holds a
 * kind's code, record, writer and reader side by side; a {@code FieldWriter} writes the fields (or, only
 * counting, measures them) and a {@code FieldReader} reads them, turning every short or bad field into a
 * precise rejection. An event of a kind no row has is the one exception: it decodes to
 * {@link org.udpchat.codec.RoomEvent.Unrecognized}, so that an older client acknowledges a newer server's
 * events. Their class comments draw the layouts.
 *
 * <p><b>What both share.</b> {@link org.udpchat.codec.Limits} holds the sizes, each with its reason;
 * {@link org.udpchat.codec.Utf8} encodes without allocating and decodes strictly;
 * {@link org.udpchat.codec.Untrusted} quotes text off the network so that it cannot forge a log line or a
 * message; {@link org.udpchat.codec.HostPort} reads the addresses people type. The reliability layer of
 * the native protocol is in {@link org.udpchat.codec.reliability}.
 */
package org.udpchat.codec;
