package org.udpchat.server;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.tinylog.Logger;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Untrusted;
import org.udpchat.codec.secure.SealedDatagram;

/**
 * A session's datagram, opened under its keys (so authentic and never seen before), came from another address
 * than its own: the NAT rebound the client's port, or someone on the path captured it and sent it on from
 * elsewhere before the original arrived. It is not processed; the session follows only once the new address
 * answers, sealed, a fresh path challenge sealed and sent there, which only the holder of the keys can read
 * and answer. Never onto a banned address nor onto another member's. The sealed challenge ({@value
 * #SEALED_CHALLENGE_BYTES} bytes) is no larger than the smallest sealed session datagram, so it amplifies
 * nothing. Runs on the relay thread.
 */
final class PathValidation {

    /** A PATH_CHALLENGE's 20 plain bytes, sealed: the size of a client's ACK or PING, its smallest datagram. */
    static final int SEALED_CHALLENGE_BYTES = 20 + SealedDatagram.OVERHEAD;

    private final Rooms rooms;
    private final Moderation moderation;
    private final Delivery delivery;
    private final TrafficCounters counters;
    private final SecureRandom random;

    PathValidation(
            Rooms rooms, Moderation moderation, Delivery delivery, TrafficCounters counters, SecureRandom random) {
        this.rooms = rooms;
        this.moderation = moderation;
        this.delivery = delivery;
        this.counters = counters;
        this.random = random;
    }

    /** {@code packet}, {@code size} bytes of {@code member}'s session, arrived from {@code from}, not its address. */
    void onDatagramFromNewAddress(
            Member member, InetSocketAddress from, NativeClientPacket packet, int size, long now) {
        Session session = member.session();
        if (moderation.banOf(from.getAddress()).isPresent()) {
            counters.dropped(DropReason.UNVALIDATED_ADDRESS);
            Logger.debug("not moving {} to {}: the address is banned", member.name(), HostPort.format(from));
            return; // a session must not carry its member past a ban
        }
        Member holder = rooms.memberAt(from);
        if (holder != null && holder != member) {
            // Another member's address: a NAT that reused a port, or a forgery. Never move onto it, even with
            // the answer to a challenge sent before that member came: two members at one address break the
            // table that finds a member by its address.
            counters.dropped(DropReason.UNVALIDATED_ADDRESS);
            Logger.debug("not moving {} to {}: another member is there", member.name(), HostPort.format(from));
            return;
        }
        if (packet instanceof NativeClientPacket.PathResponse response) {
            if (session.answersChallenge(from, response.nonce(), now)) {
                Logger.info(
                        "{} moved from {} to {}",
                        Untrusted.quote(member.name()),
                        HostPort.format(member.address()),
                        HostPort.format(from));
                session.clearChallenges();
                session.restartProgressClock(now);
                rooms.move(member, from);
                member.heardAt(now);
            } else {
                counters.dropped(DropReason.UNVALIDATED_ADDRESS); // a stale or wrong answer: no new challenge
            }
            return;
        }
        counters.dropped(DropReason.UNVALIDATED_ADDRESS);
        long nonce = random.nextLong();
        if (delivery.replyToStrangerSealed(
                session.cipher(),
                session.token(),
                new NativeServerPacket.PathChallenge(session.token(), nonce),
                from,
                size,
                false)) {
            session.challenge(from, nonce, now);
        }
    }
}
