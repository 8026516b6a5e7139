package org.udpchat.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;
import org.udpchat.server.cluster.ClusterDirectory;
import org.udpchat.server.cluster.ClusterModeration;
import org.udpchat.server.cluster.ClusterNames;
import org.udpchat.server.cluster.ClusterNode;
import org.udpchat.server.cluster.ClusterSeal;
import org.udpchat.server.cluster.ClusterSessions;
import org.udpchat.server.cluster.NodeDeaths;
import org.udpchat.server.cluster.NodeMail;
import org.udpchat.server.cluster.NodeQuestions;

/**
 * A running chat room: the bound socket, the relay thread, and the operations other threads may ask of
 * it. Every operation is posted to the relay thread and waits (bounded) for its answer there; nothing here
 * touches the room's state directly. The relay thread, once its loop has returned, closes what the server
 * keeps ({@link KeptState}: the last bans and mutes written, the state directory's lock released), so a
 * server that has stopped holds nothing.
 */
public final class ChatServer implements AutoCloseable {

    /** How long an operator's command may wait for the relay before it is reported as not answered. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    /** Beyond the session timeout, how long a dead node's members have to resume elsewhere: a client's backoff. */
    private static final Duration NODE_DEATH_GRACE = Duration.ofSeconds(10);

    /** Socket buffer sizes asked for; the kernel may grant less. Large, so bursts to many members fit. */
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final RelayLoop loop;
    private final Thread relayThread;
    private final InetSocketAddress localAddress;
    private final Fingerprint fingerprint;
    private final Optional<ClusterNode> cluster;
    private final Optional<ClusterParts> clusterParts;
    private final LocalOperations local = new LocalOperations();
    private final Optional<OperatorAcrossNodes> acrossNodes;
    private volatile boolean stateSaved = true;

    private ChatServer(
            RelayLoop loop,
            KeptState kept,
            Optional<ClusterNode> cluster,
            Optional<ClusterParts> clusterParts,
            Optional<ClusterSeal> clusterSeal,
            InetSocketAddress localAddress,
            Fingerprint fingerprint) {
        this.loop = loop;
        this.localAddress = localAddress;
        this.fingerprint = fingerprint;
        this.cluster = cluster;
        this.clusterParts = clusterParts;
        // Other nodes' questions may come at once: they wait in the relay's queue until its thread runs.
        this.acrossNodes = cluster.map(node -> new OperatorAcrossNodes(new NodeQuestions(
                node.hazelcast(), clusterSeal.orElseThrow(), question -> OperatorAcrossNodes.answer(question, local))));
        this.relayThread = new Thread(
                () -> {
                    try {
                        loop.run();
                    } finally {
                        stateSaved = kept.release();
                        // Tested, not method references: linking one would load Hazelcast's classes on a single
                        // server too, which must load nothing of Hazelcast (see closeNode).
                        if (clusterParts.isPresent()) {
                            clusterParts.get().close();
                        }
                        closeNode(cluster); // once its members have been told
                    }
                },
                "relay");
    }

    /**
     * Locks the state directory and loads its bans and mutes and the server's key (made at the first start),
     * if the configuration names one, binds the socket and starts the relay thread.
     *
     * @throws java.net.BindException if the address or port cannot be had
     * @throws StateDirectoryException if the state directory is another server's, or one of its files is
     *     unreadable (or, for the key, open to others)
     */
    public static ChatServer start(ServerConfig config) throws IOException {
        return start(config, operatorLine -> {});
    }

    /**
     * As {@link #start(ServerConfig)}, telling {@code operator} (on another thread) what the operator must
     * know of that happens behind the scenes: a failed write of the bans and mutes.
     */
    public static ChatServer start(ServerConfig config, Consumer<String> operator) throws IOException {
        return start(config, new MonotonicClock(), Clock.systemUTC(), operator);
    }

    /**
     * As {@link #start(ServerConfig, Consumer)}, with {@code recorder} hearing every room from the first
     * datagram on (the transcript): see {@link #watch}.
     */
    public static ChatServer start(ServerConfig config, Consumer<String> operator, RoomListener recorder)
            throws IOException {
        return start(config, new MonotonicClock(), Clock.systemUTC(), operator, Optional.of(recorder));
    }

    /**
     * @param clock the relay's clock, for its timers
     * @param wallClock the clock of the bans' and mutes' terms, which outlive the process, and of the times
     *     history says its lines were said
     */
    static ChatServer start(
            ServerConfig config, InstantSource clock, InstantSource wallClock, Consumer<String> operator)
            throws IOException {
        return start(config, clock, wallClock, operator, Optional.empty());
    }

    private static ChatServer start(
            ServerConfig config,
            InstantSource clock,
            InstantSource wallClock,
            Consumer<String> operator,
            Optional<RoomListener> recorder)
            throws IOException {
        KeptState kept = KeptState.open(config.stateDirectory(), wallClock, operator);
        SecureRandom random = new SecureRandom();
        ServerKey key;
        DatagramChannel channel;
        Optional<ClusterNode> cluster = Optional.empty();
        try {
            // in the directory KeptState has made and locked, so no other server writes a key there meanwhile
            key = ServerKey.open(config.stateDirectory(), random);
            if (config.cluster().isPresent()) {
                cluster = Optional.of(
                        ClusterNode.start(config.cluster().get(), key.fingerprint(), config.stateDirectory()));
            }
            channel = open(config.bindAddress());
        } catch (IOException | RuntimeException e) {
            closeNode(cluster);
            kept.close();
            throw e;
        }
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(new InetSocketAddress(config.bindAddress().orElse(null), config.port()));
            RelayLoop loop = new RelayLoop(channel);
            Relay relay = new Relay(config, clock, wallClock, loop.outbox(), random, kept.moderation(), key.keyPair());
            loop.attach(relay);
            // before the relay thread starts, which then owns the tap; every room, in a cluster too
            recorder.ifPresent(listener -> relay.watch(listener, Optional.empty()));
            Optional<ClusterSeal> clusterSeal =
                    cluster.isPresent() ? Optional.of(ClusterSeal.of(key.keyPair(), random)) : Optional.empty();
            Optional<ClusterParts> clusterParts = cluster.isPresent()
                    ? Optional.of(joinCluster(cluster.get(), relay, loop, clusterSeal.get(), config, kept.moderation()))
                    : Optional.empty();
            ChatServer server = new ChatServer(
                    loop,
                    kept,
                    cluster,
                    clusterParts,
                    clusterSeal,
                    (InetSocketAddress) channel.getLocalAddress(),
                    key.fingerprint());
            server.relayThread.start();
            Logger.info(
                    "listening on {} (up to {} members, {} in a room, {} rooms)",
                    HostPort.format(server.localAddress),
                    config.limits().maxMembers(),
                    config.limits().maxRoomMembers(),
                    config.limits().maxRooms());
            Logger.info("server key fingerprint: {}", server.fingerprint);
            return server;
        } catch (IOException | RuntimeException e) {
            channel.close();
            closeNode(cluster);
            kept.close();
            throw e;
        }
    }

    /**
     * The relay as a node of its cluster: it lists its members in the cluster's directory and keeps a copy of
     * the other nodes' (changes heard from now on are posted to it; it starts from the directory as it is once
     * this listens), and its rooms' events go through the rooms' sequencers.
     *
     * @return what the node runs beside the relay, to close before it leaves the cluster
     */
    private static ClusterParts joinCluster(
            ClusterNode node,
            Relay relay,
            RelayLoop loop,
            ClusterSeal seal,
            ServerConfig config,
            Moderation moderation) {
        ClusterParts parts = new ClusterParts();
        try {
            // bans and mutes first: the node takes the cluster's before it admits anyone
            parts.add(ModerationAcrossNodes.join(
                    new ClusterModeration(node.hazelcast(), seal, ModerationAcrossNodes::isLater),
                    moderation,
                    loop::post));
            ClusterDirectory directory = new ClusterDirectory(
                    node.hazelcast(), change -> loop.post(later -> later.onDirectoryChange(change)));
            UUID localNode = node.hazelcast().getCluster().getLocalMember().getUuid();
            ClusterNames names = parts.add(ClusterNames.start(
                    node.hazelcast(),
                    Clock.systemUTC(),
                    conflict -> loop.post(later -> later.onNameConflict(
                            conflict.mustChange().name(),
                            conflict.mustChange().holder().session()))));
            ClusterSessions sessions = new ClusterSessions(node.hazelcast(), seal);
            // A dead node's members have its session timeout and then some to resume on another node before
            // what it left in the cluster (their listings, their names) is cleared.
            parts.add(new NodeDeaths(
                    node.hazelcast(),
                    config.sessionTimeout().plus(NODE_DEATH_GRACE),
                    List.of(directory::forgetNode, names::forgetNode, sessions.positions()::forgetNode)));
            ClusterRooms rooms = parts.add(new ClusterRooms(
                    node.hazelcast(),
                    Math.max(config.historyLines(), ServerConfig.DEFAULT_HISTORY_LINES),
                    seal,
                    loop::post));
            NodeMail mail = new NodeMail(node.hazelcast(), letter -> loop.post(later -> later.onLetter(letter)));
            relay.joinCluster(
                    localNode,
                    new DirectoryListing(directory, localNode),
                    directory.snapshot(),
                    rooms,
                    new PrivateMail(mail, seal, loop::post),
                    new ClusterSharedNames(names, localNode, relay::foldsOf, loop::post),
                    parts.add(new ClusterSharedSessions(
                            sessions,
                            localNode,
                            config.sessionTimeout().plus(NODE_DEATH_GRACE),
                            rooms,
                            Clock.systemUTC(),
                            loop::post)));
            relay.nameNodesBy(new NodeNames(node.hazelcast()));
            parts.add(new DirectoryRereads(directory, loop::post));
            return parts;
        } catch (RuntimeException e) {
            parts.close(); // what started stops: the server does not start
            throw e;
        }
    }

    /**
     * Closes the node, if this server is one. Tested, not {@code ifPresent(ClusterNode::close)}: linking that
     * method reference loads ClusterNode's Hazelcast classes (its catch clauses) even when there is no node,
     * and a single server loads nothing of Hazelcast.
     */
    private static void closeNode(Optional<ClusterNode> cluster) {
        if (cluster.isPresent()) {
            cluster.get().close();
        }
    }

    private static DatagramChannel open(Optional<InetAddress> bindAddress) throws IOException {
        if (bindAddress.isEmpty()) {
            return DatagramChannel.open(); // IPv6 with IPv4 mapped where the system has IPv6, else IPv4
        }
        ProtocolFamily family = bindAddress.get() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        return DatagramChannel.open(family);
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * The fingerprint of the server's key ({@link ServerKey}), which its members compare to know it is this
     * server. Fixed for the server's life, so it is answered here, not by the relay.
     */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /**
     * The nodes of this server's cluster, as {@code host:port} of their cluster connections, the oldest first;
     * empty for a single server. Hazelcast's view, answered on the caller's thread.
     */
    public List<String> clusterNodes() {
        return cluster.map(ClusterNode::nodes).orElse(List.of());
    }

    /** Announces {@code text} to every member as the administrator; empty, or why it cannot be said. */
    public Optional<ChatText.Problem> announce(String text) throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().announce(text) : local.announce(text);
    }

    /** Removes a member; see {@link Relay#onKick}. */
    public KickOutcome kick(String name, String reason) throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().kick(name, reason) : local.kick(name, reason);
    }

    /** Announces {@code text} to one room as the administrator; see {@link Relay#onSay}. */
    public OperatorOutcome say(String room, String text) throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().say(room, text) : local.say(room, text);
    }

    /** Bans a member's address and removes it; see {@link Relay#onBan}. */
    public BanResult ban(String name, Term term) throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().ban(name, term) : ask(relay -> relay.onBan(name, term));
    }

    /** Bans an address and removes its members; see {@link Relay#onBanAddress}. */
    public BanResult banAddress(InetAddress address, Term term) throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().banAddress(address, term) : local.banAddress(address, term);
    }

    public OperatorOutcome unban(InetAddress address) throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().unban(address) : local.unban(address);
    }

    /** Mutes a member; see {@link Relay#onMute}. */
    public OperatorOutcome mute(String name, Term term) throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().mute(name, term) : local.mute(name, term);
    }

    public OperatorOutcome unmute(String name) throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().unmute(name) : local.unmute(name);
    }

    /** The bans and mutes in force. */
    public Restrictions restrictions() throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().restrictions() : local.restrictions();
    }

    /** The members, of every node of a cluster (each with its node), in joining order node by node. */
    public List<MemberInfo> members() throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().members() : local.members();
    }

    /** The rooms, of every node of a cluster (each room once, with its members on all nodes). */
    public List<RoomInfo> rooms() throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().rooms() : local.rooms();
    }

    /**
     * From now on {@code listener} hears what is said and done in every room, as lines: what is said once
     * this returns reaches it, in the order the relay saw it. It is called on the relay thread and must not
     * block ({@link RoomListener}). Adding a listener already added changes nothing.
     */
    public void watch(RoomListener listener) throws UnansweredException {
        watch(listener, Optional.empty());
    }

    /**
     * As {@link #watch(RoomListener)}, for a listener that wants the room called {@code room} (empty: every
     * room), in place of what it wanted before: in a cluster, this node follows that room (or every room of the
     * cluster) for it, even with no member of its own there, until {@link #unwatch}; what is said once this
     * returns reaches it. It still hears every room this node has members in; a listener of one room picks its
     * lines ({@link RoomLine#reached}).
     */
    public void watch(RoomListener listener, Optional<String> room) throws UnansweredException {
        CompletableFuture<Void> following = ask(relay -> relay.watch(listener, room));
        try {
            following.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UnansweredException("the cluster did not begin to carry the room within "
                    + ANSWER_TIMEOUT.toSeconds() + " s; its lines will show once it does");
        } catch (ExecutionException e) {
            throw new UnansweredException("the relay failed: " + e.getCause()); // a follow's failure is logged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnansweredException("interrupted while waiting for the cluster");
        }
    }

    /** {@code listener} hears nothing more once the relay has run this (soon; this does not wait). */
    public void unwatch(RoomListener listener) {
        loop.post(relay -> relay.unwatch(listener));
    }

    /**
     * The keys of the rooms this node of a cluster follows now (for its members, or for {@link #watch}): for
     * diagnosing what it costs the cluster, a test's or an operator's; empty on a single server.
     */
    public Set<String> followedRooms() throws UnansweredException {
        return ask(relay -> relay.clusterRooms() == null
                ? Set.<String>of()
                : relay.clusterRooms().following());
    }

    /** Each native session's reliability state in a line: for diagnosing a stall (a test's, or a user's). */
    public List<String> describeSessions() throws UnansweredException {
        return ask(Relay::describeSessions);
    }

    /** This server's counters (of this node alone, in a cluster: see {@link #statsByNode}). */
    public RelayStats stats() throws UnansweredException {
        return local.stats();
    }

    /** Each node's counters, the oldest node's first; empty for a single server. */
    public List<NodeStats> statsByNode() throws UnansweredException {
        return acrossNodes.isPresent() ? acrossNodes.get().stats() : List.of();
    }

    /**
     * Closes the room: every member receives the closing notice and {@code EXIT}, then the socket closes.
     * Waits up to {@code timeout} for the relay thread to finish. Safe to call more than once, from any
     * thread.
     *
     * @return whether the relay thread finished in time
     */
    public boolean stop(Duration timeout) {
        loop.stop();
        return awaitStopped(timeout);
    }

    /** Waits up to {@code timeout} for the relay thread to end, whoever stopped it. */
    public boolean awaitStopped(Duration timeout) {
        try {
            relayThread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !relayThread.isAlive();
    }

    public boolean isStopped() {
        return !relayThread.isAlive();
    }

    /**
     * Whether, once stopped, the last bans and mutes reached the state directory (true without one): a
     * server that lost them must not end as if all went well.
     */
    public boolean savedItsState() {
        return stateSaved;
    }

    /** Whether the relay ended because it failed, not because it was asked to stop. */
    public boolean hasFailed() {
        return loop.hasFailed();
    }

    @Override
    public void close() {
        stop(ANSWER_TIMEOUT);
    }

    private <T> T ask(Function<Relay, T> question) throws UnansweredException {
        CompletableFuture<T> answer = new CompletableFuture<>();
        boolean posted = loop.post(relay -> {
            try {
                answer.complete(question.apply(relay));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        if (!posted) {
            throw new UnansweredException("the server has stopped");
        }
        try {
            return answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UnansweredException("the relay did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new UnansweredException("the relay failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnansweredException("interrupted while waiting for the relay");
        }
    }

    /** What this server's own relay answers: the whole answer on a single server, this node's part in a cluster. */
    private final class LocalOperations implements OperatorAcrossNodes.Local {
        @Override
        public RelayStats stats() throws UnansweredException {
            return ask(Relay::stats);
        }

        @Override
        public List<MemberInfo> members() throws UnansweredException {
            return ask(Relay::members);
        }

        @Override
        public List<RoomInfo> rooms() throws UnansweredException {
            return ask(Relay::rooms);
        }

        @Override
        public KickOutcome kick(String name, String reason) throws UnansweredException {
            return ask(relay -> relay.onKick(name, reason));
        }

        @Override
        public Optional<ChatText.Problem> announce(String text) throws UnansweredException {
            return ask(relay -> relay.onAnnouncement(text));
        }

        @Override
        public OperatorOutcome say(String room, String text) throws UnansweredException {
            return ask(relay -> relay.onSay(room, text));
        }

        @Override
        public BanResult banAddress(InetAddress address, Term term) throws UnansweredException {
            return ask(relay -> relay.onBanAddress(address, term));
        }

        @Override
        public OperatorOutcome unban(InetAddress address) throws UnansweredException {
            return ask(relay -> relay.onUnban(address));
        }

        @Override
        public OperatorOutcome mute(String name, Term term) throws UnansweredException {
            return ask(relay -> relay.onMute(name, term));
        }

        @Override
        public OperatorOutcome unmute(String name) throws UnansweredException {
            return ask(relay -> relay.onUnmute(name));
        }

        @Override
        public Restrictions restrictions() throws UnansweredException {
            return ask(Relay::restrictions);
        }

        @Override
        public RoomStreamCounters roomStream() {
            return clusterParts.map(parts -> parts.rooms().counters()).orElse(new RoomStreamCounters(0, 0, 0, 0, 0));
        }
    }

    /** An operation that the relay did not answer: it has stopped, failed, or is stuck. */
    public static final class UnansweredException extends Exception {
        private static final long serialVersionUID = 1L;

        UnansweredException(String message) {
            super(message);
        }
    }
}
