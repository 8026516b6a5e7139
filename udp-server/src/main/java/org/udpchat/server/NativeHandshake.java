package org.udpchat.server;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.tinylog.Logger;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Names;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeResponder;
import org.udpchat.codec.secure.SessionCipher;
import org.udpchat.server.cluster.ClusterSessions;

/**
 * How a native client gets a session, in three round trips' worth of rules:
 *
 * <ol>
 *   <li>A HELLO earns a stateless cookie (the server keeps nothing per hello, and the CHALLENGE is smaller
 *       than the hello). A hello of another version earns an UPGRADE in that version's framing, smaller still.
 *   <li>An INIT must echo a fresh cookie made for its own source address, or it is dropped before any key
 *       agreement and with no state kept; then the handshake budget ({@link HandshakeBudget}: the address
 *       group's own rate, and the server's, with a reserve for groups that have not shaken hands lately) is
 *       checked; only then does the server do Noise NX's work ({@link HandshakeResponder}), choosing the
 *       session's token, which the REPLY carries sealed (116 bytes, smaller than any init). The keys wait, as a
 *       pending handshake, for the login ({@link PendingHandshakes}, which makes room when full by giving up
 *       the oldest of the address group holding the most).
 *   <li>The LOGIN comes sealed under those keys, from the init's address. {@link Admission} decides. A login
 *       that names a live session and shows its resumption secret resumes it whole under the new keys and
 *       token; the token alone resumes nothing. Otherwise a new session starts under the pending's token.
 *       A refusal is sealed under the pending's keys, which stay until their deadline.
 * </ol>
 *
 * Runs on the relay thread.
 */
final class NativeHandshake {

    private final Rooms rooms;
    private final InstantSource clock;

    /** Where a newcomer's name is claimed across a cluster first; none on a single server. */
    private SharedNames names = SharedNames.NONE;

    /** The sessions other nodes of a cluster kept, which a client whose node died may resume here. */
    private SharedSessions sharedSessions = SharedSessions.NONE;

    /** This node of the cluster; null on a single server. */
    private UUID localNode;

    private final Sessions sessions;
    private final Admission admission;
    private final Delivery delivery;
    private final CatchUp catchUp;
    private final TrafficCounters counters;
    private final CookieJar cookies;
    private final NoiseKeyPair serverKey;
    private final Supplier<NoiseKeyPair> ephemerals;
    private final SecureRandom random;
    private final HandshakeBudget budget;
    private final PendingHandshakes pending = new PendingHandshakes();

    /** Handshakes given up to make room are counted always, and logged at most every 10 s. */
    private final LogThrottle givenUpLog = new LogThrottle(10_000);

    NativeHandshake(
            Rooms rooms,
            Sessions sessions,
            Admission admission,
            Delivery delivery,
            CatchUp catchUp,
            TrafficCounters counters,
            SecureRandom random,
            NoiseKeyPair serverKey,
            int maxHandshakesPerIp,
            int maxHandshakes,
            InstantSource clock) {
        this.rooms = rooms;
        this.clock = clock;
        this.sessions = sessions;
        this.admission = admission;
        this.delivery = delivery;
        this.catchUp = catchUp;
        this.counters = counters;
        this.cookies = new CookieJar(random);
        this.serverKey = serverKey;
        this.ephemerals = NoiseKeyPair.generator(random);
        this.random = random;
        this.budget = new HandshakeBudget(maxHandshakesPerIp, maxHandshakes);
    }

    /** In a cluster: a newcomer's name is claimed through {@code shared} before it comes in. */
    void shareNamesThrough(SharedNames shared) {
        this.names = shared;
    }

    /**
     * In a cluster (node {@code node}): sessions are kept through {@code shared}, and a login presenting the
     * token and proof of a session another node kept takes its name over here.
     */
    void shareSessionsThrough(SharedSessions shared, UUID node) {
        this.sharedSessions = shared;
        this.localNode = node;
    }

    /** A hello of {@code size} bytes: answered by a smaller challenge, within the address's own budget. */
    void onHello(InetSocketAddress from, ClearClientPacket.Hello hello, int size, long now) {
        ClearServerPacket.Challenge challenge = new ClearServerPacket.Challenge(cookies.make(from, now), hello.nonce());
        delivery.replyToStranger(challenge, from, size, false);
    }

    /**
     * A hello of another version: "this server speaks version 2", framed so that its client can read it
     * (for version 1, a 17-byte REFUSED), within the reply budget.
     */
    void onOutdatedHello(InetSocketAddress from, NativeCodec.OutdatedHello hello) {
        if (Logger.isDebugEnabled()) { // strangers may send these as fast as they like
            Logger.debug(
                    "a hello of native protocol version {} from {}: told to upgrade",
                    hello.version(),
                    HostPort.format(from));
        }
        delivery.replyToStranger(
                new ClearServerPacket.Upgrade(hello.version(), NativeCodec.VERSION, hello.nonce()), from, hello.size());
    }

    /**
     * Whether an init from {@code from}, not yet decoded, is refused because its address has spent its
     * handshakes with valid cookies, or the server has none left that the address may take (counted if so).
     * A flooder that receives its challenges sends inits faster than the relay can decode them and check
     * their cookies' HMAC; this costs a table lookup, so the relay keeps up and other members' datagrams are
     * not lost behind the flood. Only valid cookies spend handshakes, so nobody can spend another's by
     * forging its address.
     */
    boolean refusesSpentAddress(InetSocketAddress from, long now) {
        HandshakeBudget.Verdict verdict = budget.check(from.getAddress(), now);
        if (verdict == HandshakeBudget.Verdict.TAKEN) {
            return false;
        }
        refused(from, verdict);
        return true;
    }

    private void refused(InetSocketAddress from, HandshakeBudget.Verdict verdict) {
        counters.dropped(DropReason.HANDSHAKE_RATE_LIMITED);
        if (Logger.isDebugEnabled()) { // a flood passes here: nothing is built unless it is logged
            Logger.debug(
                    "dropped an init from {}: {}",
                    HostPort.format(from),
                    verdict == HandshakeBudget.Verdict.ADDRESS_SPENT
                            ? "over its address's handshakes per second"
                            : "over the server's handshakes per second");
        }
    }

    /** An init: the cookie first, then the rates, and only then the key agreement. */
    void onInit(InetSocketAddress from, ClearClientPacket.Init init, long now) {
        if (!cookies.isValid(init.cookie(), from, now)) {
            counters.dropped(DropReason.BAD_COOKIE);
            if (Logger.isDebugEnabled()) {
                Logger.debug(
                        "dropped an init from {}: its cookie is not this server's, for this address, now",
                        HostPort.format(from));
            }
            return;
        }
        // From here on the address is proven: it received the challenge.
        PendingHandshakes.Pending answered = pending.answered(from, init, now);
        if (answered != null) {
            // a retry, or a captured init replayed from its own address: the same answer, no new work
            delivery.send(answered.reply(), from);
            return;
        }
        HandshakeBudget.Verdict verdict = budget.tryTake(from.getAddress(), now);
        if (verdict != HandshakeBudget.Verdict.TAKEN) {
            refused(from, verdict);
            return;
        }
        long token = sessions.newToken(pending::contains);
        HandshakeResponder.Response response;
        try {
            response = HandshakeResponder.respond(serverKey, init.handshake(), token, ephemerals);
        } catch (NoiseException e) {
            counters.dropped(DropReason.BAD_HANDSHAKE);
            Logger.debug("dropped an init from {}: {}", HostPort.format(from), e.getMessage());
            return;
        }
        counters.handshook();
        ClearServerPacket.Reply reply = new ClearServerPacket.Reply(init.nonce(), response.secondMessage());
        PendingHandshakes.Pending givenUp = pending.add(
                token, from, new SessionCipher(SessionCipher.Side.SERVER, response.keys(), now), init, reply, now);
        if (givenUp != null) {
            onGivenUp(givenUp, now);
        }
        delivery.send(reply, from);
    }

    /** A handshake was given up to make room: a sign of a flood from many addresses, worth telling the operator. */
    private void onGivenUp(PendingHandshakes.Pending givenUp, long now) {
        counters.dropped(DropReason.HANDSHAKES_FULL);
        if (givenUpLog.allows(now)) {
            Logger.warn(
                    "{} handshakes unfinished, the most the server holds: gave up the oldest of {}, which held the"
                            + " most ({} more given up since the last warning)",
                    PendingHandshakes.MAX_PENDING,
                    givenUp.group(),
                    givenUpLog.takeHeldBack());
        }
    }

    /** The unfinished handshake whose reply gave {@code token}, or null. */
    PendingHandshakes.Pending pending(long token, long now) {
        return pending.get(token, now);
    }

    /** How many handshakes wait for their login. */
    int pendingCount() {
        return pending.size();
    }

    /** {@code packet} opened under the keys of {@code handshake}: a login, from the init's address, or nothing. */
    void onSealedLogin(
            PendingHandshakes.Pending handshake, InetSocketAddress from, NativeClientPacket packet, long now) {
        if (!(packet instanceof NativeClientPacket.Login login)) {
            counters.dropped(DropReason.SEAL_MALFORMED_INSIDE);
            Logger.debug("dropped a sealed datagram from {}: a handshake's first is a login", HostPort.format(from));
            return;
        }
        if (!from.equals(handshake.address())) {
            counters.dropped(DropReason.UNVALIDATED_ADDRESS);
            Logger.debug("dropped a login from {}: not the address its handshake proved", HostPort.format(from));
            return;
        }
        if (handshake.isClaiming()) {
            return; // a retried login while its name is claimed across the cluster: the answer will come
        }
        if (handshake.refusedByCluster() != null) {
            // a retry whose REFUSED was lost gets it again; a flood of logins on one handshake (the handshake
            // budget bounds handshakes, not logins) does not become a flood of questions to the cluster
            delivery.sendSealed(
                    handshake.cipher(), handshake.token(), refused(handshake.refusedByCluster(), login), from);
            return;
        }
        Member returning = resumable(login);
        String room = login.room().isEmpty() ? RoomNames.LOBBY : login.room();
        Optional<Refusal> refusal = admission.checkJoin(from, login.name(), room, returning, true);
        if (refusal.isPresent()) {
            forgetShared(handshake); // shared as a resume, whose member has gone meanwhile
            delivery.sendSealed(handshake.cipher(), handshake.token(), refused(refusal.get(), login), from);
            return;
        }
        if (returning != null && localNode != null && !handshake.isShared()) {
            shareResumedThenLogIn(handshake, from, login, returning);
            return;
        }
        if (returning == null && login.previousToken() != 0 && localNode != null) {
            handshake.claiming(true); // a retried login waits for what the cluster says of its old session
            sharedSessions.find(login.previousToken(), found -> {
                handshake.claiming(false);
                onSessionFound(handshake, from, login, found, clock.millis());
            });
            return;
        }
        if (returning == null && names.isShared()) {
            handshake.claiming(true);
            names.claim(login.name(), handshake.token(), clusterRefusal -> {
                handshake.claiming(false);
                onClaimed(handshake, from, login, clusterRefusal, clock.millis());
            });
            return;
        }
        admit(handshake, from, login, returning, room, now);
    }

    /**
     * In a cluster, a session resumed here is shared under its new token before its WELCOME, as a new one is
     * ({@link #shareThenDecide}); then the login is taken again from the start, for the member may have gone
     * meanwhile (it then comes in as any other login would).
     */
    private void shareResumedThenLogIn(
            PendingHandshakes.Pending handshake,
            InetSocketAddress from,
            NativeClientPacket.Login login,
            Member returning) {
        handshake.claiming(true);
        handshake.shared();
        sharedSessions.shareResumed(returning, handshake.token(), handshake.resumption(this::newResumption), () -> {
            handshake.claiming(false);
            long now = clock.millis();
            if (pending.holds(handshake, now)) {
                onSealedLogin(handshake, from, login, now);
            } else {
                sharedSessions.forget(handshake.token());
            }
        });
    }

    /**
     * What the cluster kept of the session {@code login} names: one of another node's, proven by its
     * resumption secret and under the same name, has its name moved here, with no moment in which another
     * could take it, and its client comes in as a new session (numbered afresh: its WELCOME says not resumed),
     * told as history what its room said after the last event it acknowledged on its old node; anything else is
     * a newcomer, whose name is claimed.
     */
    private void onSessionFound(
            PendingHandshakes.Pending handshake,
            InetSocketAddress from,
            NativeClientPacket.Login login,
            Optional<ClusterSessions.Resumable> found,
            long now) {
        if (!pending.holds(handshake, now)) {
            forgetShared(handshake); // shared as a resume, whose member had gone
            return;
        }
        boolean movable = found.isPresent()
                && !found.get().node().equals(localNode)
                && found.get().secret().matches(login.proof())
                && Names.key(found.get().name()).equals(Names.key(login.name()));
        handshake.claiming(true);
        if (movable) {
            ClusterSessions.Resumable session = found.get();
            Logger.info("{} resumes here a session of another node", Untrusted.quote(login.name()));
            names.move(login.name(), session.node(), session.nameHolder(), handshake.token(), clusterRefusal -> {
                handshake.claiming(false);
                if (clusterRefusal.isEmpty()) {
                    sharedSessions.forget(session.token()); // its name is here now: the old session is over
                    sharedSessions.resuming(handshake.token(), session); // its place in the room comes with it
                    handshake.resumes(session);
                }
                onClaimed(handshake, from, login, clusterRefusal, clock.millis());
            });
        } else {
            names.claim(login.name(), handshake.token(), clusterRefusal -> {
                handshake.claiming(false);
                onClaimed(handshake, from, login, clusterRefusal, clock.millis());
            });
        }
    }

    /**
     * The cluster has answered the claim of {@code login}'s name: on a node of a cluster, the session it opens is
     * shared first ({@link #shareThenDecide}); then, or at once, it is {@linkplain #decide decided}.
     */
    private void onClaimed(
            PendingHandshakes.Pending handshake,
            InetSocketAddress from,
            NativeClientPacket.Login login,
            Optional<Refusal> clusterRefusal,
            long now) {
        if (clusterRefusal.isEmpty() && localNode != null && pending.holds(handshake, now)) {
            shareThenDecide(handshake, from, login);
        } else {
            decide(handshake, from, login, clusterRefusal, now);
        }
    }

    /**
     * Shares the session {@code login} opens with the cluster before its WELCOME, then decides: a node that dies
     * just after welcoming a member leaves it a session to resume on another node. One map write, waited for off
     * the relay thread (its answer is posted back), up to {@link ClusterSharedSessions#SHARE_TIMEOUT_MILLIS}; a
     * retried login waits for it as for the claim.
     */
    private void shareThenDecide(
            PendingHandshakes.Pending handshake, InetSocketAddress from, NativeClientPacket.Login login) {
        handshake.claiming(true);
        handshake.shared();
        SharedSessions.Opening opening = new SharedSessions.Opening(
                handshake.token(),
                login.name(),
                roomOf(login),
                handshake.resumption(this::newResumption),
                handshake.resumes());
        sharedSessions.shareBeforeWelcome(opening, () -> {
            handshake.claiming(false);
            decide(handshake, from, login, Optional.empty(), clock.millis());
        });
    }

    /**
     * If the handshake still waits here and the join still passes here (time has gone by), the newcomer comes in;
     * else the claim of its name is let go, and its session, if shared, forgotten.
     */
    private void decide(
            PendingHandshakes.Pending handshake,
            InetSocketAddress from,
            NativeClientPacket.Login login,
            Optional<Refusal> clusterRefusal,
            long now) {
        if (!pending.holds(handshake, now)) {
            if (clusterRefusal.isEmpty()) {
                names.release(login.name(), handshake.token()); // expired or given up meanwhile
            }
            forgetShared(handshake); // shared ahead (as a resume, if the cluster refused its name since)
            return;
        }
        String room = login.room().isEmpty() ? RoomNames.LOBBY : login.room();
        Optional<Refusal> refusal =
                clusterRefusal.isPresent() ? clusterRefusal : admission.checkJoin(from, login.name(), room, null, true);
        if (refusal.isPresent()) {
            if (clusterRefusal.isEmpty()) {
                names.release(login.name(), handshake.token());
            } else {
                handshake.refusedByCluster(clusterRefusal.get());
            }
            forgetShared(handshake); // shared ahead (as a resume, if the cluster refused its name since)
            delivery.sendSealed(handshake.cipher(), handshake.token(), refused(refusal.get(), login), from);
            return;
        }
        admit(handshake, from, login, null, room, now);
    }

    /** The session {@code handshake} would have opened was shared and does not open: the cluster forgets it. */
    private void forgetShared(PendingHandshakes.Pending handshake) {
        if (handshake.isShared()) {
            sharedSessions.forget(handshake.token());
        }
    }

    private static String roomOf(NativeClientPacket.Login login) {
        return login.room().isEmpty() ? RoomNames.LOBBY : login.room();
    }

    private ResumptionSecret newResumption() {
        return ResumptionSecret.random(random);
    }

    /** Lets the login of {@code handshake} in: a newcomer, or a returning member resuming its session. */
    private void admit(
            PendingHandshakes.Pending handshake,
            InetSocketAddress from,
            NativeClientPacket.Login login,
            Member returning,
            String room,
            long now) {
        Member holder = rooms.memberAt(from);
        if (holder != null && !holder.isNative()) {
            giveWay(holder);
        }
        pending.taken(handshake);
        if (returning != null) {
            // a session made here for another node's, which the client never heard of, is taken up again
            resume(returning, handshake, from, now, returning.session().token() != login.previousToken());
        } else {
            open(handshake, from, login, room, now);
        }
    }

    /**
     * The REFUSED that answers {@code login}: with the name it looks like, if any, unless that would make
     * the answer larger than the login. The address is proven by now, but an answer no larger than its
     * question is the rule every reply to a login keeps, so a refusal never becomes a lever.
     */
    private static NativeServerPacket.Refused refused(Refusal refusal, NativeClientPacket.Login login) {
        NativeServerPacket.Refused bare = new NativeServerPacket.Refused(refusal.reason(), refusal.limit());
        if (refusal.subject().isEmpty()) {
            return bare;
        }
        NativeServerPacket.Refused named =
                new NativeServerPacket.Refused(refusal.reason(), refusal.limit(), refusal.subject());
        return NativeCodec.encode(named).length <= NativeCodec.encode(login).length ? named : bare;
    }

    /**
     * The member whose live session {@code login} names and proves with its resumption secret, if it is in a
     * room still; else null. A token with a wrong proof is as no token: knowing a token gives nothing.
     */
    private Member resumable(NativeClientPacket.Login login) {
        if (login.previousToken() == 0) {
            return null;
        }
        Member member = sessions.live(login.previousToken());
        if (member == null) {
            return madeForAnAbandonedAttempt(login);
        }
        if (!rooms.isPresent(member)) {
            return null;
        }
        if (!member.session().resumption().matches(login.proof())) {
            Logger.debug("a login named a live session without its resumption secret: not resumed");
            return null;
        }
        return member;
    }

    /**
     * The member this node made for the session of another node that {@code login} names and proves, if its
     * client never heard of it: the attempt that made it timed out on the client's side before its WELCOME came
     * (the name took long to move), and the client tries again with what it knows, the old session. It takes up
     * the session made for it ({@link #takeUpAgain}). A client that heard of that session presents that
     * session's own token; so once the client has been heard under that session's keys (anything but its login:
     * a ping will do, for a member alone in a quiet room acknowledges nothing and may say nothing), the old token
     * and secret take nothing any more. Else null.
     */
    private Member madeForAnAbandonedAttempt(NativeClientPacket.Login login) {
        Member member = sessions.madeFor(login.previousToken(), login.proof());
        if (member == null || !rooms.isPresent(member)) {
            return null;
        }
        return member.session().isKnownToClient() ? null : member;
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

    private void open(
            PendingHandshakes.Pending handshake,
            InetSocketAddress from,
            NativeClientPacket.Login login,
            String room,
            long now) {
        Session session = new Session(handshake.token(), handshake.cipher(), handshake.resumption(this::newResumption));
        Member member = Member.ofSession(login.name(), Names.key(login.name()), from, now, session);
        member.holdsNameAs(handshake.token()); // its first token: what its name was claimed by, if it was
        rooms.add(member, room);
        sessions.open(member);
        ClusterSessions.Resumable resumed = handshake.resumes();
        if (resumed != null) { // should this attempt time out on the client's side, its next takes this session up
            sessions.madeFor(resumed.token(), resumed.secret(), member);
        }
        welcome(member);
        tellLineIdsTaken(member);
        Logger.info(
                "{} joined {} from {} ({} on the server, native)",
                Untrusted.quote(member.name()),
                Untrusted.quote(member.room().name()),
                HostPort.format(from),
                rooms.size());
        if (resumed == null
                || !RoomNames.key(resumed.room()).equals(member.room().key())) {
            delivery.arrived(member.room(), member);
        } // else the room never heard it go (its node died, unheard): it is back, not new
        // A client whose session expired presents its old token and that session's resumption secret: only
        // both together say whose private messages and place in the room these are.
        catchUp.onReturned(member, login.previousToken(), login.proof());
        // A client whose node died resumes its session here: told what its room said since its place there.
        sharedSessions.caughtUpThrough(member, catchUp);
    }

    /**
     * The same client, back after losing touch (from a new address, or the same one after a blackout), in a
     * new handshake, proving the session with its resumption secret: the session goes on under the new keys
     * and token with everything in flight both ways, so nothing is lost while the server lives; the old
     * keys are erased. Its address becomes the login's, proven by the cookie and the keys. The room is told
     * nothing.
     *
     * <p>{@code takenUpAgain}: {@code member} is a session made here for another node's, which its client never
     * heard of ({@link #madeForAnAbandonedAttempt}); it goes on the same way, but still new to the client: its
     * WELCOME says not resumed, its events are numbered from the first again, and everything it was sent (its
     * room's arrival, the history it was told) comes under the new keys. The room saw it come in once.
     */
    private void resume(
            Member member,
            PendingHandshakes.Pending handshake,
            InetSocketAddress from,
            long now,
            boolean takenUpAgain) {
        long oldToken = member.session().token();
        ResumptionSecret resumption = handshake.resumption(this::newResumption); // the one shared, if it was
        if (takenUpAgain) {
            member.session().restarted(handshake.token(), handshake.cipher(), resumption);
        } else {
            member.session().rekeyed(handshake.token(), handshake.cipher(), resumption);
        }
        sessions.reindex(member, oldToken);
        sharedSessions.rekeyed(member, oldToken);
        if (!from.equals(member.address())) {
            rooms.move(member, from);
        }
        member.session().clearChallenges();
        member.session().restartProgressClock(now);
        member.heardAt(now);
        sessions.timers().touch(member);
        welcome(member);
        Logger.info(
                takenUpAgain
                        ? "{} took up from {} the session made here for it, whose welcome its client had given up"
                                + " waiting for"
                        : "{} resumed from {}",
                Untrusted.quote(member.name()),
                HostPort.format(from));
    }

    /**
     * On a node of a cluster, a session's first event, right after its WELCOME: its rooms take a line once per name
     * and line id, so its client may give its lines ids, and say again here what a node it lost never sent back. A
     * client older than line ids acknowledges it and shows nothing; a single server, which ignores line ids, does
     * not say it, so what its members are told is numbered as before. A session resumed live goes on in its
     * numbering, in which it was told already; one taken up again is told everything again, this too.
     */
    private void tellLineIdsTaken(Member member) {
        if (delivery.takesLinesOnce()) {
            delivery.tell(member, new RoomEvent.TakesLineIds());
        }
    }

    /** The WELCOME of {@code member}'s session, sealed: its token, its resumption secret, whether it was resumed. */
    void welcome(Member member) {
        Session session = member.session();
        delivery.send(
                member,
                new NativeServerPacket.Welcome(
                        session.token(),
                        session.resumption(),
                        session.wasResumed(),
                        member.name(),
                        member.room().name()));
    }
}
