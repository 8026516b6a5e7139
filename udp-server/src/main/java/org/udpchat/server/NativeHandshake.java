package org.udpchat.server;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Names;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;

/**
 * How a native client gets a session: a hello earns a stateless cookie (the server keeps nothing per
 * hello, and the challenge is smaller than the hello); a login that echoes a fresh cookie from the address
 * it was made for proves the address, and then {@link Admission} decides. Admitted, the client gets a new
 * session, or its own again: a login presenting the token of a live session resumes it whole, and a
 * retried login from the address that holds its name is welcomed again with nothing told twice. Every
 * answer echoes the login's nonce, so nobody off the path can answer in the server's name. Runs on the
 * relay thread.
 */
final class NativeHandshake {

    private final Rooms rooms;
    private final Sessions sessions;
    private final Admission admission;
    private final Delivery delivery;
    private final CatchUp catchUp;
    private final TrafficCounters counters;
    private final CookieJar cookies;

    NativeHandshake(
            Rooms rooms,
            Sessions sessions,
            Admission admission,
            Delivery delivery,
            CatchUp catchUp,
            TrafficCounters counters,
            SecureRandom random) {
        this.rooms = rooms;
        this.sessions = sessions;
        this.admission = admission;
        this.delivery = delivery;
        this.catchUp = catchUp;
        this.counters = counters;
        this.cookies = new CookieJar(random);
    }

    /** A hello of {@code size} bytes: answered by a smaller challenge, within the address's own budget. */
    void onHello(InetSocketAddress from, NativeClientPacket.Hello hello, int size, long now) {
        NativeServerPacket.Challenge challenge =
                new NativeServerPacket.Challenge(cookies.make(from, now), hello.nonce());
        delivery.replyToStranger(challenge, from, size, false);
    }

    void onLogin(InetSocketAddress from, NativeClientPacket.Login login, long now) {
        if (!cookies.isValid(login.cookie(), from, now)) {
            counters.dropped(DropReason.BAD_COOKIE);
            Logger.debug(
                    "dropped a login from {}: its cookie is not this server's, for this address, now",
                    HostPort.format(from));
            return;
        }
        // From here on the address is proven: it received the challenge. Replies are not budgeted.
        Member returning = resumable(login.previousToken());
        Member holder = rooms.memberAt(from);
        Member continuing = returning != null
                ? returning // the token, not the name, says who this is: it may not have heard of its own /nick
                : holder != null && holder.isNative() && holder.key().equals(Names.key(login.name())) ? holder : null;
        String room = login.room().isEmpty() ? RoomNames.LOBBY : login.room();
        Optional<Refusal> refusal = admission.checkJoin(from, login.name(), room, continuing, true);
        if (refusal.isPresent()) {
            delivery.send(refused(refusal.get(), login), from);
            return;
        }
        if (holder != null && !holder.isNative()) {
            giveWay(holder);
        }
        if (returning != null) {
            resume(returning, from, login, now);
        } else if (continuing != null) {
            welcome(continuing, login); // a retry whose welcome was lost: the same answer, nobody told twice
        } else {
            open(from, login, room, now);
        }
    }

    /**
     * The REFUSED that answers {@code login}: with the name it looks like, if any, unless that would make
     * the answer larger than the login. The address is proven by now, but an answer no larger than its
     * question is the rule every reply to a login keeps, so a refusal never becomes a lever.
     */
    private static NativeServerPacket.Refused refused(Refusal refusal, NativeClientPacket.Login login) {
        NativeServerPacket.Refused bare =
                new NativeServerPacket.Refused(refusal.reason(), refusal.limit(), login.nonce());
        if (refusal.subject().isEmpty()) {
            return bare;
        }
        NativeServerPacket.Refused named =
                new NativeServerPacket.Refused(refusal.reason(), refusal.limit(), login.nonce(), refusal.subject());
        return NativeCodec.encode(named).length <= NativeCodec.encode(login).length ? named : bare;
    }

    /** The member whose live session has {@code token}, if it is in a room still; else null. */
    private Member resumable(long token) {
        Member member = token == 0 ? null : sessions.live(token);
        return member != null && rooms.isPresent(member) ? member : null;
    }

    /**
     * A classic claim on an address is unproven (a source address is all it takes); a native login has
     * just proven it, so the classic member there gives way.
     */
    private void giveWay(Member classic) {
        rooms.remove(classic);
        Logger.info(
                "{} at {} gave way to a native login",
                Untrusted.quote(classic.name()),
                HostPort.format(classic.address()));
        delivery.departed(classic.room(), classic.name(), new RoomEvent.Left(classic.name()));
    }

    private void open(InetSocketAddress from, NativeClientPacket.Login login, String room, long now) {
        Session session = new Session(sessions.newToken());
        Member member = Member.ofSession(login.name(), Names.key(login.name()), from, now, session);
        rooms.add(member, room);
        sessions.open(member);
        welcome(member, login);
        Logger.info(
                "{} joined {} from {} ({} on the server, native)",
                Untrusted.quote(member.name()),
                Untrusted.quote(member.room().name()),
                HostPort.format(from),
                rooms.size());
        delivery.arrived(member.room(), member);
        // A client whose session expired presents its old token: the token, which only it and we have seen,
        // says whose private messages and place in the room these are; the cookie proved the address.
        catchUp.onReturned(member, login.previousToken());
    }

    /**
     * The same client, back after losing touch (from a new address, or the same one after a blackout),
     * proving it with its token: the session goes on with everything in flight both ways, so nothing is
     * lost while the server lives; only its address may change. The room is told nothing.
     */
    private void resume(Member member, InetSocketAddress from, NativeClientPacket.Login login, long now) {
        if (!from.equals(member.address())) {
            rooms.move(member, from);
        }
        member.session().clearChallenges();
        member.session().restartProgressClock(now);
        member.heardAt(now);
        welcome(member, login);
        Logger.info("{} resumed from {}", Untrusted.quote(member.name()), HostPort.format(from));
    }

    /** Every answer to a login echoes its nonce: the client takes no answer that does not. */
    private void welcome(Member member, NativeClientPacket.Login login) {
        delivery.send(
                new NativeServerPacket.Welcome(
                        member.session().token(),
                        login.nonce(),
                        member.name(),
                        member.room().name()),
                member.address());
    }
}
