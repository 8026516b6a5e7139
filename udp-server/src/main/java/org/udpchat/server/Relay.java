package org.udpchat.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.KickNotice;
import org.udpchat.codec.Names;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.server.cluster.ClusterDirectory;
import org.udpchat.server.cluster.NodeMail;

/**
 * The chat server with no socket: {@link Rooms} of members, spoken to in two {@link Protocol}s, classic
 * text ({@link ClassicProtocol}) and native ({@link NativeProtocol}), told apart by a datagram's first
 * byte, plus what the operator asks for. It wires the parts: who may come in ({@link Admission}), the way
 * out ({@link Delivery}), the bans and mutes ({@link Moderation}), the native sessions ({@link Sessions}).
 *
 * <p>Every method runs on the relay thread, the only thread that touches the room, so nothing needs a
 * lock and events happen in the order the relay saw them. Other threads reach the relay by posting
 * commands to {@link RelayLoop}; time reaches it through {@link #onTick} and the clock it is given, so
 * tests drive both. Its timers are deadlines ({@link DeadlineQueue}): {@link #millisUntilDue} tells the loop
 * how long it may sleep, and a turn of the timers visits only what is due.
 */
final class Relay {

    private final Rooms rooms;
    private final TrafficCounters counters = new TrafficCounters();
    private final Texts texts;
    private final InstantSource clock;
    private final Moderation moderation;
    private final Delivery delivery;
    private final ClassicProtocol classic;
    private final NativeProtocol nativeProtocol;
    private final RoomTap tap;
    private final NoiseKeyPair serverKey;
    private final RemoteMembers remoteMembers = new RemoteMembers();
    private final OverheardRooms overheardRooms = new OverheardRooms();
    private final NameFold fold;
    private ClusterRooms clusterRooms;

    /** In a cluster, where this node's members are kept for other nodes to resume; the relay thread's. */
    private SharedSessions sharedSessions = SharedSessions.NONE;

    private PrivateMail privateMail;
    private final RoomRequests roomRequests;
    private final NativeHandshake handshake;
    private boolean closing;

    /**
     * A relay with the language, limits, timeouts and safeguards of {@code config} (its network settings
     * are the caller's).
     *
     * @param random where session tokens, nonces, ephemeral keys, resumption secrets and the cookie secret
     *     come from
     * @param moderation the bans and mutes, which the relay owns from now on
     * @param serverKey the server's static key pair ({@link ServerKey}), its identity in the handshakes
     */
    Relay(
            ServerConfig config,
            InstantSource clock,
            Outbox outbox,
            SecureRandom random,
            Moderation moderation,
            NoiseKeyPair serverKey) {
        this(config, clock, Clock.systemUTC(), outbox, random, moderation, serverKey);
    }

    /**
     * As above, with {@code wallClock} for the times history is stamped with (tests give the relay's own
     * fake clock, so that times are the tests' to choose).
     */
    Relay(
            ServerConfig config,
            InstantSource clock,
            InstantSource wallClock,
            Outbox outbox,
            SecureRandom random,
            Moderation moderation,
            NoiseKeyPair serverKey) {
        this.serverKey = serverKey;
        this.texts = Texts.of(config.language());
        this.clock = clock;
        this.moderation = moderation;
        this.fold = new NameFold();
        this.rooms = new Rooms(fold, config.historyLines());
        TextRules textRules = new TextRules(fold);
        Safeguards safeguards = config.safeguards();
        RejoinPauses rejoinPauses = new RejoinPauses(safeguards.backlog().rejoinPause());
        Admission admission =
                new Admission(rooms, new NameRules(fold), moderation, config.limits(), rejoinPauses, clock);
        Sessions sessions = new Sessions(random, config.sessionTimeout(), clock);
        this.delivery = new Delivery(rooms, texts, clock, wallClock, outbox, counters, safeguards.backlog());
        CatchUp catchUp = new CatchUp(delivery, config.historyLines(), safeguards.backlog());
        this.classic = new ClassicProtocol(
                rooms,
                admission,
                moderation,
                textRules,
                delivery,
                counters,
                texts,
                safeguards,
                config.classicIdleTimeout().toMillis());
        this.handshake = new NativeHandshake(
                rooms,
                sessions,
                admission,
                delivery,
                catchUp,
                counters,
                random,
                serverKey,
                config.maxHandshakesPerIp(),
                config.maxHandshakes(),
                clock);
        this.roomRequests = new RoomRequests(rooms, admission, moderation, textRules, delivery, catchUp, remoteMembers);
        this.nativeProtocol = new NativeProtocol(
                rooms,
                textRules,
                sessions,
                delivery,
                handshake,
                new PathValidation(rooms, moderation, delivery, counters, random),
                roomRequests,
                counters,
                safeguards.flood(),
                rejoinPauses,
                catchUp);
        delivery.whenFallenBehind(member -> nativeProtocol.dropFallenBehind(member, clock.millis()));
        delivery.whenKeysRunOut(nativeProtocol::endKeysRunOut);
        delivery.whenOwing(sessions.timers()::touch);
        this.tap = new RoomTap(texts, wallClock);
        delivery.whenBroadcast(tap::heard);
    }

    NoiseKeyPair serverKey() {
        return serverKey;
    }

    /**
     * This server is node {@code localNode} of a cluster: its members are listed through {@code listing}, and
     * it starts its copy of the other nodes' members from {@code directory}. Called before the relay thread
     * starts, which then owns both.
     */
    void joinCluster(
            UUID localNode,
            RoomsWatcher listing,
            Map<String, ClusterDirectory.Listing> directory,
            ClusterRooms sequencedRooms,
            PrivateMail mail,
            SharedNames names,
            ClusterSharedSessions sharedSessions) {
        this.clusterRooms = sequencedRooms;
        this.sharedSessions = sharedSessions;
        this.privateMail = mail;
        shareNames(names);
        roomRequests.shareAcrossNodes(mail, names);
        handshake.shareSessionsThrough(sharedSessions, localNode);
        remoteMembers.startFrom(localNode, directory);
        nativeProtocol.departQuietlyWhen(key -> remoteMembers.named(key) != null);
        delivery.streamRoomsThrough(sequencedRooms);
        rooms.watchedBy(RoomsWatcher.both(
                listing, RoomsWatcher.both(sequencedRooms, RoomsWatcher.both(new NamesLetGo(names), sharedSessions))));
        overheardRooms.spanNodes(sequencedRooms, remoteMembers, directory.keySet());
    }

    /**
     * Native sessions are shared through {@code shared}, as node {@code localNode} of a cluster (tests give one of
     * their own; {@link #joinCluster} gives the cluster's).
     */
    void shareSessions(SharedSessions shared, UUID localNode) {
        handshake.shareSessionsThrough(shared, localNode);
    }

    /**
     * In a cluster, lines said in a room name their speaker's node as {@code nodeNames} tells it: this
     * node's members' too, and the other nodes' as the directory lists them.
     */
    void nameNodesBy(NodeNames nodeNames) {
        tap.nameNodesBy(name -> {
            String key = Names.key(name);
            if (rooms.memberNamed(key) != null) {
                return nodeNames.local();
            }
            ClusterDirectory.Listing listing = remoteMembers.named(key);
            return listing == null ? Optional.empty() : nodeNames.describe(listing.node());
        });
    }

    /**
     * From now on {@code listener} hears the rooms' lines ({@link RoomTap}), wanting the room called {@code
     * room} (empty: every room): in a cluster, this node follows it for the listener ({@link OverheardRooms}),
     * which the stage says is done (completing on another thread).
     */
    CompletableFuture<Void> watch(RoomListener listener, Optional<String> room) {
        tap.add(listener);
        return overheardRooms.want(listener, room);
    }

    /** {@code listener} hears nothing more, and no room is followed for it any more. */
    void unwatch(RoomListener listener) {
        tap.remove(listener);
        overheardRooms.forget(listener);
    }

    /**
     * A letter from another node of the cluster (posted by the thread that took it): a private message to a
     * member here is told to it, if it is still here.
     */
    void onLetter(NodeMail.Letter letter) {
        if (!letter.kind().equals(PrivateMail.KIND) || privateMail == null) {
            return;
        }
        PrivateMail.Letter message = privateMail.open(letter.body());
        Member recipient = message == null ? null : rooms.memberNamed(message.toKey());
        if (recipient != null) {
            delivery.tell(recipient, new RoomEvent.PrivateFrom(message.from(), message.text()));
        }
    }

    /**
     * Newcomers' names, and new names, are claimed through {@code shared} before they are taken here, and
     * let go through it as their members leave: a cluster's names (tests give one of their own).
     */
    void shareNames(SharedNames shared) {
        roomRequests.shareAcrossNodes(privateMail, shared);
        handshake.shareNamesThrough(shared);
        classic.shareNamesThrough(shared, clock);
        rooms.watchedBy(new NamesLetGo(shared));
    }

    /** The confusable folds of {@code name}, as this server's name rules compare names. */
    Set<String> foldsOf(String name) {
        return fold.of(name);
    }

    /**
     * After a split of the cluster's network healed, the name of this node's member held by {@code holder} is
     * found held on the other side too, which keeps it: the member is asked to take another.
     */
    void onNameConflict(String name, long holder) {
        Member member = rooms.memberNamed(Names.key(name));
        if (member == null || member.nameHolder() != holder) {
            return;
        }
        Logger.warn(
                "cluster: {} is held on another node too, after a split healed; asked to take another name",
                Untrusted.quote(name));
        delivery.tell(member, new RoomEvent.Announced(texts.get("cluster.nameHeldElsewhere", name)));
    }

    /**
     * {@code count} events of the room with {@code roomKey} were lost to this node for good (posted by the
     * sequencer's thread): its members there are told how many (a native member as an event its client words, a
     * classic one as a line in the server's words), and the operators' watches and the transcript, so that the
     * gap is never silent.
     */
    void onClusterRoomMissed(String roomKey, long count) {
        ChatRoom room = rooms.roomNamed(roomKey);
        tap.noted(room == null ? overheardRooms.nameOf(roomKey) : room.name(), "watch.missed", count);
        if (room == null) {
            return;
        }
        for (Member member : room.members()) { // a classic member gets it as a line in the server's words
            delivery.tell(member, new RoomEvent.Missed(count, room.name()));
        }
    }

    /**
     * A line that {@code speaker} said in the room with {@code roomKey} could not be sequenced (the cluster failed
     * the append for good, posted by a Hazelcast thread): nobody heard it, so the speaker, if still here and in
     * that room, is told to say it again, as a notice from the server (a native member's client words it as one,
     * a classic member gets the server's line).
     */
    void onClusterLineNotSequenced(String roomKey, String speaker) {
        Member member = rooms.memberNamed(Names.key(speaker));
        if (member == null || !member.room().key().equals(roomKey)) {
            return;
        }
        delivery.tell(
                member,
                new RoomEvent.Announced(
                        texts.get("cluster.lineNotSequenced", member.room().name())));
    }

    /**
     * This node was cut off from the rest of the cluster and its side merged back (posted by the sequencer's
     * thread): the room with {@code roomKey} goes on in the other side's order, and what each side said while
     * apart never reached the other's members. Told to the whole room, on every node, once, by this node: the
     * other side's nodes cannot know that this one was cut off.
     */
    void onClusterRoomRejoined(String roomKey) {
        sharedSessions.renumbered(roomKey); // places in this side's numbers would hide events from a catch-up
        ChatRoom room = rooms.roomNamed(roomKey);
        if (room != null) {
            delivery.broadcast(room, new RoomEvent.AnnouncedToRoom(room.name(), texts.get("cluster.rejoined")), null);
        }
    }

    /** This node's rooms as the cluster sequences them; null on a single server. */
    ClusterRooms clusterRooms() {
        return clusterRooms;
    }

    /**
     * An event of the room with {@code roomKey}, in the room's order across the cluster, as its sequencer
     * handed it back (posted by the sequencer's thread): this node's members of the room are told.
     */
    void onClusterRoomEvent(String roomKey, long sequence, byte[] packed) {
        ClusterRooms.Delivered delivered = clusterRooms.open(roomKey, packed);
        ChatRoom room = rooms.roomNamed(roomKey);
        if (delivered == null) {
            return;
        }
        if (room != null) {
            delivery.tellRoom(room, delivered.event(), delivered.exceptKeys());
            sharedSessions.delivered(roomKey, sequence); // its members' places in the room move on
        } else {
            tap.heard(overheardRooms.nameOf(roomKey), delivered.event()); // followed for the operators alone
        }
    }

    /**
     * A change to the cluster's directory, posted by the thread that heard it. A member of a dead node that this
     * node cleared (it did not resume elsewhere) is told to its room as gone silent, as this node's own are.
     */
    void onDirectoryChange(ClusterDirectory.Change change) {
        if (change instanceof ClusterDirectory.Change.Lapsed lapsed) {
            clusterRooms.lapsed(lapsed.listing().room(), lapsed.listing().name());
            return; // only the node that cleared it hears this; the Unlisted every node hears tells the rest
        }
        String memberKey = change instanceof ClusterDirectory.Change.Listed listed
                ? listed.key()
                : ((ClusterDirectory.Change.Unlisted) change).key();
        String roomBefore = remoteMembers.roomKeyOf(memberKey);
        remoteMembers.apply(change);
        overheardRooms.directoryChanged(memberKey, roomBefore);
    }

    /** A read of the whole cluster directory begins, to mend what its changes missed ({@link DirectoryRereads}). */
    void onDirectoryReadBegins() {
        remoteMembers.readBegins();
    }

    /** The whole cluster directory, read since {@link #onDirectoryReadBegins}: what the changes missed is mended. */
    void onDirectoryRead(Map<String, ClusterDirectory.Listing> directory) {
        List<ClusterDirectory.Change> missed = remoteMembers.missed(directory);
        if (!missed.isEmpty()) {
            Logger.info(
                    "cluster directory: {} changes had not reached this node (lost while partitions moved); mended from the map",
                    missed.size());
        }
        missed.forEach(this::onDirectoryChange);
    }

    /** Who overhears the rooms: {@code /watch} and the transcript. */
    RoomTap tap() {
        return tap;
    }

    /** The datagram in the buffer's remaining bytes arrived from {@code from}; this consumes it. */
    void onDatagram(InetSocketAddress from, ByteBuffer datagram) {
        counters.received(datagram.remaining());
        long now = clock.millis();
        if (NativeCodec.isNative(datagram)) {
            nativeProtocol.onDatagram(from, datagram, now);
        } else if (!closing) {
            classic.onDatagram(from, datagram, now);
        }
    }

    /**
     * The timers due by the clock's time, and only those: whatever is due in either protocol, and the notices
     * whose rooms' buckets have refilled. {@link #millisUntilDue} says when the loop should call this;
     * calling it sooner does nothing.
     */
    void onTick() {
        long now = clock.millis();
        nativeProtocol.onTick(now);
        classic.onTick(now);
        if (delivery.noticesDueMillis() <= now) {
            delivery.flushNotices(now);
        }
    }

    /**
     * How long the loop may sleep before the next {@link #onTick} has something to do: 0 if something is due
     * now, {@link Long#MAX_VALUE} if nothing is timed (sleep until a datagram or a command comes).
     */
    long millisUntilDue() {
        long now = clock.millis();
        long due = Math.min(
                Math.min(nativeProtocol.nextTimerMillis(now), classic.nextTimerMillis(now)),
                delivery.noticesDueMillis());
        if (due == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return due <= now ? 0 : due - now;
    }

    /**
     * An announcement from the operator to every member in every room, spoken by {@link Names#ADMINISTRATOR}.
     *
     * @return why the text cannot be announced, or empty when it was
     */
    Optional<ChatText.Problem> onAnnouncement(String text) {
        Optional<ChatText.Problem> problem = ChatText.checkAnnouncement(text);
        if (problem.isEmpty()) {
            Logger.info("announcement: {}", Untrusted.quote(text));
            delivery.broadcastEverywhere(new RoomEvent.Announced(text));
        }
        return problem;
    }

    /**
     * A notice from the operator to the room called {@code room} alone: told apart from an announcement to
     * every room, in both protocols (see {@link ClassicLines}).
     */
    OperatorOutcome onSay(String room, String text) {
        ChatRoom target = rooms.roomNamed(RoomNames.key(room));
        if (target == null) {
            return OperatorOutcome.NO_SUCH_ROOM;
        }
        Optional<ChatText.Problem> problem = ChatText.checkAnnouncement(text);
        if (problem.isEmpty() && !ClassicLines.roomNoticeFits(target.name(), text, texts)) {
            problem = Optional.of(ChatText.Problem.TOO_LONG); // its classic line, with the room's name, would not fit
        }
        if (problem.isPresent()) {
            // (EMPTY, a blank text, cannot come from the console, which takes the text after the room's name)
            return problem.get() == ChatText.Problem.TOO_LONG
                    ? OperatorOutcome.TEXT_TOO_LONG
                    : OperatorOutcome.TEXT_INVISIBLE;
        }
        Logger.info("notice to {}: {}", Untrusted.quote(target.name()), Untrusted.quote(text));
        delivery.broadcast(target, new RoomEvent.AnnouncedToRoom(target.name(), text), null);
        return OperatorOutcome.DONE;
    }

    /** Bans the address of the member called {@code name} for {@code term} and removes every member at it. */
    BanResult onBan(String name, Term term) {
        Member member = rooms.memberNamed(Names.key(name));
        if (member == null) {
            return BanResult.failed(OperatorOutcome.NO_SUCH_MEMBER);
        }
        return onBanAddress(member.address().getAddress(), term);
    }

    /** Bans {@code address} for {@code term} and removes every member at it. */
    BanResult onBanAddress(InetAddress address, Term term) {
        moderation.ban(address, term);
        Logger.info(
                "banned {} {}",
                IpLiteral.format(address),
                term.isUntilLifted() ? "until lifted" : "for " + term.minutes() + " min");
        List<Member> there = new ArrayList<>();
        for (Member member : rooms.members()) {
            if (member.address().getAddress().equals(address)) {
                there.add(member);
            }
        }
        List<String> removed = new ArrayList<>();
        for (Member member : there) {
            if (rooms.isPresent(member)) { // not dropped meanwhile by what removing another told the room
                removed.add(member.name());
                protocolOf(member).kick(member, Removal.ban(term), clock.millis());
            }
        }
        return new BanResult(OperatorOutcome.DONE, address, removed);
    }

    /**
     * A ban or mute changed on another node of the cluster (posted by the thread that heard it): kept here if it
     * is later than what this node knows. It removes nobody: the operator's ban asks every node to remove the
     * members at the address, and says which node did not answer.
     */
    void onModerationChange(ModerationChange change) {
        moderation.merge(change);
    }

    /** Lifts the ban on {@code address}. */
    OperatorOutcome onUnban(InetAddress address) {
        if (!moderation.unban(address)) {
            return OperatorOutcome.NOT_BANNED;
        }
        Logger.info("unbanned {}", IpLiteral.format(address));
        return OperatorOutcome.DONE;
    }

    /** Mutes the member called {@code name} for {@code term}; it is told. */
    OperatorOutcome onMute(String name, Term term) {
        Member member = rooms.memberNamed(Names.key(name));
        if (member == null) {
            return OperatorOutcome.NO_SUCH_MEMBER;
        }
        moderation.mute(member, term);
        Logger.info(
                "muted {} {}",
                Untrusted.quote(member.name()),
                term.isUntilLifted() ? "until unmuted" : "for " + term.minutes() + " min");
        delivery.tell(member, new RoomEvent.Muted(term.minutes()));
        tap.noted(member.room().name(), "watch.muted", member.name(), term.minutes());
        return OperatorOutcome.DONE;
    }

    /** Lets the member (or name) called {@code name} speak again. */
    OperatorOutcome onUnmute(String name) {
        Member member = rooms.memberNamed(Names.key(name));
        boolean wasMuted = member != null && moderation.muteOf(member).isPresent();
        if (!moderation.unmute(name)) {
            return OperatorOutcome.NOT_MUTED;
        }
        Logger.info("unmuted {}", Untrusted.quote(name));
        if (wasMuted) {
            delivery.tell(member, new RoomEvent.Unmuted());
            tap.noted(member.room().name(), "watch.unmuted", member.name());
        }
        return OperatorOutcome.DONE;
    }

    /** The bans and mutes in force now. */
    Restrictions restrictions() {
        return moderation.restrictions(key -> {
            Member member = rooms.memberNamed(key);
            return member == null ? key : member.name();
        });
    }

    /**
     * Removes the member called {@code name}: it is told why ({@code reason} may be empty) and that its
     * membership has ended; the room is told.
     */
    KickOutcome onKick(String name, String reason) {
        Member member = rooms.memberNamed(Names.key(name));
        if (member == null) {
            return KickOutcome.NO_SUCH_MEMBER;
        }
        if (ChatText.checkAnnouncement(KickNotice.text(texts.language(), reason))
                .isPresent()) {
            return KickOutcome.BAD_REASON;
        }
        Logger.info(
                "{} kicked{}", Untrusted.quote(member.name()), reason.isEmpty() ? "" : ": " + Untrusted.quote(reason));
        protocolOf(member).kick(member, Removal.kick(reason), clock.millis());
        return KickOutcome.KICKED;
    }

    /**
     * The room closes: every classic member is told why and receives {@code EXIT}; every native member is
     * told reliably (the loop keeps serving until {@link #isClosed} so that acknowledgements arrive).
     */
    void onShutdown() {
        closing = true;
        nativeProtocol.close();
        List<Member> everyone = rooms.clear();
        // The goodbyes go to each member alone, past the broadcasts the tap hears: it is told here, first, so
        // the transcript's last line is the closing.
        tap.closing(everyone.size());
        long now = clock.millis();
        for (Member member : everyone) {
            protocolOf(member).sayGoodbye(member, now);
        }
        Logger.info("room closed; said goodbye to {} {}", everyone.size(), everyone.size() == 1 ? "member" : "members");
    }

    /** After {@link #onShutdown}: whether every native member has acknowledged the closing, or given up. */
    boolean isClosed() {
        return closing && nativeProtocol.isSettled();
    }

    private Protocol protocolOf(Member member) {
        return member.isNative() ? nativeProtocol : classic;
    }

    /** The rooms, the lobby first, then in the order they were made. */
    List<RoomInfo> rooms() {
        List<RoomInfo> list = new ArrayList<>();
        for (ChatRoom room : rooms.rooms()) {
            list.add(new RoomInfo(room.name(), room.size()));
        }
        return list;
    }

    /** The members in joining order, with how long each has been silent. */
    List<MemberInfo> members() {
        long now = clock.millis();
        List<MemberInfo> members = new ArrayList<>(rooms.size());
        for (Member member : rooms.members()) {
            members.add(new MemberInfo(
                    member.name(),
                    member.room().name(),
                    member.address(),
                    Duration.ofMillis(Math.max(0, now - member.lastHeardMillis())),
                    member.isNative()));
        }
        return members;
    }

    /** The native sessions' reliability state, for diagnosing a stall. */
    List<String> describeSessions() {
        return nativeProtocol.describe(clock.millis());
    }

    /** How many native handshakes were answered and wait for their login: the only state an init leaves. */
    int pendingHandshakes() {
        return nativeProtocol.pendingHandshakes();
    }

    RelayStats stats() {
        return counters.stats(rooms);
    }
}
