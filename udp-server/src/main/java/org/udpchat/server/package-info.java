/**
 * The chat server itself: one relay thread that owns the socket and every member, and the operations other
 * threads may ask of it.
 *
 * <ul>
 *   <li><b>The way in from other threads</b>: {@link org.udpchat.server.ChatServer} binds the socket, starts
 *       the relay thread and turns each operator's request into a command posted to it, waiting for the
 *       answer; {@link org.udpchat.server.ServerConfig} and {@link org.udpchat.server.RoomLimits} configure it;
 *       the answers ({@code MemberInfo}, {@code RoomInfo}, {@code RelayStats}, {@code Restrictions},
 *       {@code BanResult}, the outcomes) are copies, safe on any thread. {@link org.udpchat.server.Texts} is
 *       the server's wording and {@link org.udpchat.server.Term} how long a ban or mute holds.
 *   <li><b>The relay thread's plumbing</b>: {@code RelayLoop} receives, runs posted commands and calls the
 *       timers; {@code ChannelOutbox} is its socket seen as an {@code Outbox}; {@code MonotonicClock} its
 *       clock.
 *   <li><b>The room's rules, as plain logic with no socket</b>: {@code Relay} wires the parts and dispatches;
 *       {@code Rooms} is who is where ({@code Member}, {@code ChatRoom}); {@code Admission} the one decision
 *       of who may join, move or take a name ({@code Refusal}), with {@code NameRules} for what a name may
 *       look like; {@code NameFold} is what names and texts look like (ICU4J's confusable skeletons), and
 *       {@code TextRules} what a member may say; {@code Delivery} the one way out, which also
 *       drops members that fall behind; {@code Moderation} the bans and mutes ({@code ExpiringSet} of
 *       {@code Sanction}s on the wall clock).
 *       The two {@code Protocol}s: {@code ClassicProtocol} (with {@code ClassicLines}, the events as classic
 *       lines) and {@code NativeProtocol} (protocol 2: every session datagram sealed), with its
 *       {@code NativeHandshake} ({@code CookieJar}, {@code HandshakeBudget} with each address's
 *       {@code HandshakeRate}, {@code PendingHandshakes} with its {@code Holdings}: the cookie, then the
 *       budget, then Noise NX), {@code PathValidation}, {@code RoomRequests} and the sessions
 *       ({@code Sessions}, {@code Session}, each with its {@code SessionCipher} and resumption secret).
 *       {@code CatchUp} tells native members what they missed, as history, from each room's
 *       {@code RoomHistory} and where they stopped hearing each room ({@code RoomPlaces}).
 *       {@code ReplyBudget} keeps what strangers are sent in bounds, {@code LogThrottle} what they make the
 *       server log, {@code LoggedPacket} that no token, cookie, secret or key reaches the log;
 *       {@code TrafficCounters} counts. {@code RoomTap} overhears what {@code Delivery} tells
 *       whole rooms and hands it, as {@link org.udpchat.server.RoomLine}s, to each {@link
 *       org.udpchat.server.RoomListener} ({@code /watch}, the transcript), which must not block.
 *   <li><b>The relay as a node of a cluster</b> (only with {@code --cluster}; the parts it uses are in {@link
 *       org.udpchat.server.cluster}): {@code ClusterRooms} sends whole rooms' events through their sequencer
 *       ({@code RoomStream}, which {@code Delivery} calls) and back to {@code Delivery.tellRoom}; {@code Rooms}
 *       tells a {@code RoomsWatcher} of every change, which lists members ({@code DirectoryListing}), follows
 *       rooms, lets names go ({@code NamesLetGo}) and keeps sessions ({@code ClusterSharedSessions}); {@code
 *       RemoteMembers} is the relay's copy of the other nodes' members; {@code SharedNames} ({@code
 *       ClusterSharedNames}) and {@code SharedSessions} are what logins and renames wait for; {@code PrivateMail}
 *       carries private messages to other nodes; {@code OperatorAcrossNodes} (over {@code OperatorWire}) asks
 *       every node for what an operator asks ({@code NodeStats}, {@code RoomStreamCounters}); {@code
 *       RoomPositions} is where each member stands in its room's numbers, kept with its session so that another
 *       node can catch it up after a node's death; {@code ModerationAcrossNodes} links the relay's bans and mutes
 *       ({@code ModerationChange}: one timed change, a lift kept as a tombstone) to the cluster's; {@code
 *       OverheardRooms} are the rooms a node follows for its operators' {@code /watch} and transcript, and
 *       {@code NodeNames} names the nodes in what they show; {@code ClusterParts} is what a node runs beside its
 *       relay.
 *   <li><b>What outlives a run</b>: {@link org.udpchat.server.StateDirectory} is the state directory and
 *       its lock; {@code ModerationFile} the bans and mutes on disk, in a versioned format; the
 *       {@code ModerationWriter} thread writes each {@code ModerationSnapshot} the relay hands it;
 *       {@code KeptState} ties them to one running server.
 * </ul>
 *
 * <p>Everything but {@code ChatServer}'s methods and the state writer runs on the relay thread alone, so nothing needs a lock.
 * The operator's console and the command line live in {@link org.udpchat.server.console}, which reaches
 * the relay only through {@code ChatServer}.
 */
package org.udpchat.server;
