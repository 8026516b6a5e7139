/**
 * The chat client: a person at a terminal, in one room of a native server or the one room of a classic
 * one.
 *
 * <ul>
 *   <li><b>The program</b>: {@link org.udpchat.client.ClientMain} parses the command line
 *       ({@code ClientCommandLine}, with {@code LongOptions} to make the options and list them in
 *       {@code --help}, and {@code RoomRules} for its messages) into a
 *       {@link org.udpchat.client.ClientConfig}, sets up the standard streams
 *       ({@code StandardStreams}), opens the user's console, joins, starts the two threads and exits with
 *       the {@code ExitStatus} the session ends with. {@code JoinResult} is how one attempt to join went.
 *   <li><b>The console</b>: at a terminal, {@code LineEditor} (JLine) is both where lines come from and the
 *       screen: a prompt, history in the {@code StateDirectory}, Tab completing the {@code KnownNames},
 *       arriving lines printed above what is typed. Elsewhere, {@code LineInput.plain} and
 *       {@code PlainScreen}: plain lines, as scripts read them. {@code LineKind} says what each line is,
 *       which decides its colour at a terminal and its stream (stdout or stderr) in plain mode.
 *   <li><b>The network</b>: {@code Connection} is the socket; datagrams leave through it as an
 *       {@code Outbox}, and the server's come in as an {@code Inbox}: classic packets decoded, native
 *       datagrams raw, since only a session's keys open them. The sessions know only those two interfaces
 *       and a clock, so tests play the server with no socket and no real time. {@code --server} may name
 *       several servers, the nodes of one chat: {@code ServerList} parses and resolves them,
 *       {@code ServerRotation} points the connection at one and chooses the next (round robin), and
 *       {@code JoinInTurn} passes over silent ones at the first join.
 *   <li><b>The session</b>, shared by the two threads through {@code ChatSession}: {@code NativeSession}
 *       (sealing and opening with its {@code SessionCipher}, reliability, timers, reconnecting state; its
 *       messages are {@code Outgoing}s) joined by a {@code Handshake} (native protocol 2: the cookie, Noise
 *       NX, then a sealed login), which asks a {@code ServerKeyCheck} whether the server's proven key may
 *       hear from us ({@code ServerTrust}: trust on first use over {@code KnownServers}, one identity per
 *       list of servers); or {@code ClassicSession}. {@code SessionEnd} is its end, completed once, which the
 *       main thread waits for.
 *   <li><b>The threads</b>: {@code Sender} (thread {@code sender}) reads the user's lines, checks them and
 *       hands them to the session; {@code NativeReceiver} or {@code ClassicReceiver} (thread
 *       {@code receiver}) receives, prints, runs the session's timers and, in native mode, reconnects with a
 *       {@code Backoff}, to the next server of the list. It ends the session after printing its last words, so a kick ends the program
 *       even while the sender is blocked on stdin.
 *   <li><b>The words</b>: {@code Screen} is where lines are shown (one of the two above); {@code Texts}
 *       the client's wording in Chinese or English; {@code EventWording} what the server reports, in those
 *       words.
 * </ul>
 *
 * <p>The load program is in {@link org.udpchat.client.bench}, a second entry point that shares none of
 * this.
 */
package org.udpchat.client;
