package org.udpchat.server.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;
import org.udpchat.server.BanResult;
import org.udpchat.server.ChatServer;
import org.udpchat.server.IpLiteral;
import org.udpchat.server.KickOutcome;
import org.udpchat.server.MemberInfo;
import org.udpchat.server.NodeStats;
import org.udpchat.server.OperatorOutcome;
import org.udpchat.server.RelayStats;
import org.udpchat.server.Restriction;
import org.udpchat.server.Restrictions;
import org.udpchat.server.RoomInfo;
import org.udpchat.server.RoomLine;
import org.udpchat.server.RoomStreamCounters;
import org.udpchat.server.Term;
import org.udpchat.server.Texts;

/**
 * The operator's console: reads lines from the server's stdin and turns them into requests to the relay.
 * A plain line is an announcement to every room; a line starting with {@code /} is a command. Every
 * command is one line and every answer is printed lines, so the console works the same piped. At a
 * terminal the lines come from the {@link LineEditor}, and two keys mean more than a line: Ctrl-C (twice
 * within 3 s closes the room, once only warns) and Ctrl-D (the console closes, the server goes on, and
 * Ctrl-C then stops it).
 *
 * <p>Life: {@link #run} runs on its own thread, named {@code admin-console}, until {@code /quit}, the end
 * of input, or the room closing. It never touches the room's state: every request goes to the relay
 * thread through {@link ChatServer} and waits for the answer, which it prints. It prints only to {@code
 * out}; at a terminal that is the editor's screen, which prints above the prompt what other threads write
 * there meanwhile, so answers, notes and log lines never land inside the line being typed.
 */
public final class AdminConsole implements Runnable {

    /** Every command, in the order {@code /help} lists them: what Tab completes. */
    static final List<String> COMMANDS = List.of(
            "/say",
            "/list",
            "/rooms",
            "/kick",
            "/ban",
            "/banip",
            "/unban",
            "/bans",
            "/mute",
            "/unmute",
            "/watch",
            "/stats",
            "/fingerprint",
            "/help",
            "/quit");

    /** The time in a watched line: when the relay heard it, to the second. */
    private static final DateTimeFormatter WATCH_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final ConsoleInput input;
    private final PrintStream out;
    private final Texts texts;
    private final ChatServer server;
    private final InterruptConfirmation interrupts;
    private final Operator operator;
    /** What {@code /watch} feeds this console, while it watches; the console's thread alone sets it. */
    private RoomFeed watching;
    /** Whether the input ended while the console waited for an answer (to {@code /quit}'s question). */
    private boolean inputEnded;

    /**
     * Who is at a console, for the log and for what the console asks of them.
     *
     * @param name how the log names them: their local user name, and where they are
     * @param attached whether they attached through the control socket: then {@code /quit}, which stops the
     *     server for the other operators too, asks first, and the end of their input only detaches them
     */
    record Operator(String name, boolean attached) {
        /** The operator at the server's own stdin: the user the server runs as. */
        static Operator local() {
            return new Operator(System.getProperty("user.name", "?") + " (at the server's console)", false);
        }
    }

    /**
     * A console reading plain lines.
     *
     * @param showPrompt whether to print a prompt before each line (a terminal the line editor cannot
     *     drive); piped input gets none, so scripts see only answers
     */
    public AdminConsole(BufferedReader in, PrintStream out, boolean showPrompt, Texts texts, ChatServer server) {
        this(
                new PipedLines(in, out, showPrompt ? Optional.of(texts.get("console.prompt")) : Optional.empty()),
                out,
                texts,
                server,
                InstantSource.system());
    }

    /** @param clock what tells a second Ctrl-C from a first one */
    AdminConsole(ConsoleInput input, PrintStream out, Texts texts, ChatServer server, InstantSource clock) {
        this(input, out, texts, server, clock, Operator.local());
    }

    AdminConsole(
            ConsoleInput input,
            PrintStream out,
            Texts texts,
            ChatServer server,
            InstantSource clock,
            Operator operator) {
        this.input = input;
        this.out = out;
        this.texts = texts;
        this.server = server;
        this.interrupts = new InterruptConfirmation(clock);
        this.operator = operator;
    }

    /** What Tab offers after a command: asked of the relay when pressed. */
    static ConsoleCompleter.Choices choices(ChatServer server) {
        return new ConsoleCompleter.Choices() {
            @Override
            public List<String> members() {
                return askOrNothing(
                        () -> server.members().stream().map(MemberInfo::name).toList());
            }

            @Override
            public List<String> rooms() {
                return askOrNothing(
                        () -> server.rooms().stream().map(RoomInfo::name).toList());
            }

            @Override
            public List<String> bannedAddresses() {
                return askOrNothing(() -> server.restrictions().bans().stream()
                        .map(Restriction::subject)
                        .toList());
            }

            @Override
            public List<String> mutedNames() {
                return askOrNothing(() -> server.restrictions().mutes().stream()
                        .map(Restriction::subject)
                        .toList());
            }
        };
    }

    private interface Question {
        List<String> ask() throws ChatServer.UnansweredException;
    }

    /** The relay's answer, or nothing to offer when it does not answer (Tab then does nothing). */
    private static List<String> askOrNothing(Question question) {
        try {
            return question.ask();
        } catch (ChatServer.UnansweredException e) {
            return List.of();
        }
    }

    @Override
    public void run() {
        try {
            converse();
        } finally {
            stopWatching();
        }
    }

    private void converse() {
        try {
            boolean more = true;
            while (more) {
                ConsoleInput.Entry entry = input.next();
                if (entry instanceof ConsoleInput.End) {
                    onEnd();
                    return;
                } else if (entry instanceof ConsoleInput.Interrupt) {
                    more = onInterrupt();
                } else if (entry instanceof ConsoleInput.Line line) {
                    more = onLine(line.text());
                } else {
                    throw new AssertionError(entry);
                }
            }
        } catch (IOException e) {
            if (operator.attached()) {
                // The connection broke (the attaching program was killed), or the server hung up on an operator
                // who stopped reading, or at its end on one who did not take their last line in time.
                if (server.isStopped()) {
                    Logger.info("operator {} detached: the room has closed", operator.name());
                } else {
                    Logger.info(
                            "operator {} detached: the connection broke ({}); the server keeps running",
                            operator.name(),
                            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
                return;
            }
            // On a signal the terminal is given back while the room closes: then there is nothing to say.
            if (server.awaitStopped(ChatServer.ANSWER_TIMEOUT)) {
                return;
            }
            Logger.warn("admin console: cannot read stdin ({}); the server keeps running", e.getMessage());
        }
    }

    private boolean onLine(String line) {
        if (operator.attached() && line.equals(RemoteChoices.REQUEST)) {
            out.println(RemoteChoices.answer(choices(server))); // Tab at the attached editor
            return true;
        }
        if (!ChatText.isBlank(line)) {
            if (operator.attached()) {
                Logger.info("operator {}: {}", operator.name(), Untrusted.quote(line));
            } else {
                // the user who started the server, at its terminal: at INFO each line would come back above
                // the prompt as a log line; what it does is logged anyway
                Logger.debug("operator {}: {}", operator.name(), Untrusted.quote(line));
            }
        }
        try {
            return handle(line.strip());
        } catch (ChatServer.UnansweredException e) {
            if (server.isStopped()) {
                Logger.info("admin console closed: {}", e.getMessage());
                return false;
            }
            out.println(texts.get("console.unanswered", e.getMessage())); // slow, not gone: go on
            return true;
        }
    }

    /** Ctrl-C at the editor: a first one warns, a second within 3 s closes the room as {@code /quit} does. */
    private boolean onInterrupt() {
        if (!interrupts.confirms()) {
            out.println(texts.get("console.interruptAgain"));
            return true;
        }
        Logger.info("admin console: Ctrl-C twice, closing the room");
        closeRoom();
        return false;
    }

    /**
     * The end of input. Piped, it is how a script ends: the server keeps running, stopped by a signal. At
     * the editor it is Ctrl-D: the operator is told that the console is closed and how to stop the server,
     * and Ctrl-C, which the editor took until now, stops it from here on.
     */
    private void onEnd() {
        if (operator.attached() && server.isStopped()) {
            Logger.info("operator {} detached: the room has closed", operator.name()); // the server ended their input
            return;
        }
        if (server.isStopped()) {
            return; // the room closed, and the terminal with it
        }
        if (operator.attached()) {
            Logger.info("operator {} detached; the server keeps running", operator.name());
            return;
        }
        if (!input.isEditor()) {
            Logger.info("admin console: end of input; the server keeps running");
            return;
        }
        Logger.info("admin console: closed by Ctrl-D; the server keeps running");
        input.onInterrupt(() -> {
            out.println(); // off the line the terminal echoed since
            Logger.info("Ctrl-C after the console closed: closing the room");
            closeRoom();
        });
        out.println(texts.get("console.closedConsole", ProcessHandle.current().pid()));
    }

    /**
     * Whether the operator, asked, confirms {@code /quit}: the next line is the answer, {@code yes} (in
     * either language's texts, the word is yes). Piped, a script that means it sends {@code /quit} and then
     * {@code yes}; one that ends after {@code /quit} has not confirmed, and the server keeps running.
     */
    private boolean confirmed() {
        out.println(texts.get("console.quitConfirm"));
        ConsoleInput.Entry answer;
        try {
            answer = input.next();
        } catch (IOException e) {
            answer = new ConsoleInput.End();
        }
        if (answer instanceof ConsoleInput.Line line) {
            Logger.info("operator {} answered {} to /quit", operator.name(), Untrusted.quote(line.text()));
            if (line.text().strip().equalsIgnoreCase("yes")) {
                return true;
            }
        }
        out.println(texts.get("console.quitKept"));
        if (answer instanceof ConsoleInput.End) {
            inputEnded = true;
            onEnd();
        }
        return false;
    }

    private void closeRoom() {
        out.println(texts.get("console.closing"));
        out.flush();
        server.stop(ChatServer.ANSWER_TIMEOUT);
    }

    /** Handles one line; false when the console should end. */
    boolean handle(String line) throws ChatServer.UnansweredException {
        if (ChatText.isBlank(line)) {
            return true; // Enter on nothing, or on blanks alone, announces nothing (as in the client)
        }
        if (!line.startsWith("/") || line.startsWith("//")) {
            announce(line.startsWith("//") ? line.substring(1) : line);
            return true;
        }
        String[] words = line.split("\\s+", 3);
        switch (words[0]) {
            case "/help":
                out.println(texts.get("console.help"));
                return true;
            case "/list":
                list();
                return true;
            case "/rooms":
                rooms();
                return true;
            case "/say":
                say(words);
                return true;
            case "/kick":
                kick(words);
                return true;
            case "/ban":
                ban(line.split("\\s+"));
                return true;
            case "/banip":
                banAddress(line.split("\\s+"));
                return true;
            case "/unban":
                unban(line.split("\\s+"));
                return true;
            case "/bans":
                restrictions();
                return true;
            case "/mute":
                mute(line.split("\\s+"));
                return true;
            case "/unmute":
                unmute(line.split("\\s+"));
                return true;
            case "/stats":
                stats();
                return true;
            case "/watch":
                watch(line.split("\\s+"));
                return true;
            case "/fingerprint":
                // the key is the server's for its life: no need to ask the relay
                out.println(texts.get("server.fingerprint", server.fingerprint().text()));
                return true;
            case "/quit":
                if (operator.attached() && !confirmed()) {
                    return !inputEnded;
                }
                Logger.info("operator {} closes the room", operator.name());
                closeRoom();
                return false;
            default:
                out.println(texts.get("console.unknownCommand", Untrusted.quote(words[0])));
                return true;
        }
    }

    private void announce(String text) throws ChatServer.UnansweredException {
        Optional<ChatText.Problem> problem = server.announce(text);
        if (problem.isPresent()) {
            out.println(
                    problem.get() == ChatText.Problem.TOO_LONG
                            ? texts.get("console.announcementTooLong", ChatText.maxBytes(Names.ADMINISTRATOR))
                            : texts.get("console.announcementInvisible"));
        }
    }

    /**
     * {@code /list}'s narrowest columns: name, room, address ({@code 255.255.255.255:65535}), protocol, idle
     * time. A row of usual names fits 80 columns; longer ones widen their column for every row.
     */
    private static Table memberTable() {
        return new Table(12, 12, 21, 7, 0);
    }

    /** {@code /rooms}: a room name of up to 32 letters keeps the counts in one column. */
    private static Table roomTable() {
        return new Table(32, 0);
    }

    /** {@code /bans}: the widest IPv6 address (39 characters) keeps the times in one column. */
    private static Table restrictionTable() {
        return new Table(40, 0);
    }

    private void list() throws ChatServer.UnansweredException {
        List<MemberInfo> members = server.members();
        if (members.isEmpty()) {
            out.println(texts.get("console.noMembers"));
            return;
        }
        out.println(texts.get("console.members", members.size()));
        boolean clustered = members.stream().anyMatch(member -> !member.node().isEmpty());
        Table table = clustered ? new Table(12, 12, 21, 7, 10, 0) : memberTable();
        for (MemberInfo member : members) {
            String kind = member.isNative() ? "native" : "classic";
            String idle = texts.get("console.idle", idle(member.idle()));
            if (clustered) {
                table.row(
                        member.name(),
                        member.room(),
                        HostPort.format(member.address()),
                        kind,
                        idle,
                        texts.get("console.onNode", member.node()));
            } else {
                table.row(member.name(), member.room(), HostPort.format(member.address()), kind, idle);
            }
        }
        table.lines().forEach(out::println);
    }

    private void rooms() throws ChatServer.UnansweredException {
        List<RoomInfo> rooms = server.rooms();
        out.println(texts.get("console.rooms", rooms.size()));
        Table table = roomTable();
        for (RoomInfo room : rooms) {
            table.row(room.name(), texts.get("console.roomMembers", room.members()));
        }
        table.lines().forEach(out::println);
    }

    private void say(String[] words) throws ChatServer.UnansweredException {
        if (words.length < 3) {
            out.println(texts.get("console.sayUsage"));
            return;
        }
        OperatorOutcome outcome = server.say(words[1], words[2]);
        switch (outcome) {
            case DONE:
                break;
            case NO_SUCH_ROOM:
                out.println(texts.get("console.noSuchRoom", Untrusted.quote(words[1])));
                break;
            case TEXT_TOO_LONG:
                out.println(texts.get("console.announcementTooLong", ChatText.maxBytes(Names.ADMINISTRATOR)));
                break;
            case TEXT_INVISIBLE:
                out.println(texts.get("console.announcementInvisible"));
                break;
            default:
                throw new AssertionError(outcome);
        }
    }

    private void ban(String[] words) throws ChatServer.UnansweredException {
        Optional<Term> term = words.length == 2 || words.length == 3 ? term(words, 2) : Optional.empty();
        if (term.isEmpty()) {
            out.println(texts.get("console.banUsage"));
            return;
        }
        BanResult result = server.ban(words[1], term.get());
        if (result.outcome() == OperatorOutcome.NO_SUCH_MEMBER) {
            out.println(texts.get("console.noSuchMember", Untrusted.quote(words[1])));
            return;
        }
        printBan(result, term.get());
    }

    private void banAddress(String[] words) throws ChatServer.UnansweredException {
        Optional<Term> term = words.length == 2 || words.length == 3 ? term(words, 2) : Optional.empty();
        Optional<InetAddress> address = words.length >= 2 ? IpLiteral.parse(words[1]) : Optional.empty();
        if (term.isEmpty() || address.isEmpty()) {
            out.println(
                    words.length >= 2 && address.isEmpty()
                            ? texts.get("console.notAnAddress", Untrusted.quote(words[1]))
                            : texts.get("console.banipUsage"));
            return;
        }
        printBan(server.banAddress(address.get(), term.get()), term.get());
    }

    private void printBan(BanResult result, Term term) {
        String address = IpLiteral.format(result.address());
        out.println(
                term.isUntilLifted()
                        ? texts.get("console.banned", address)
                        : texts.get("console.bannedFor", address, term.minutes()));
        if (!result.removed().isEmpty()) {
            out.println(texts.get("console.removed", String.join(", ", result.removed())));
        }
    }

    private void unban(String[] words) throws ChatServer.UnansweredException {
        if (words.length != 2) {
            out.println(texts.get("console.unbanUsage"));
            return;
        }
        Optional<InetAddress> address = IpLiteral.parse(words[1]);
        if (address.isEmpty()) {
            out.println(texts.get("console.notAnAddress", Untrusted.quote(words[1])));
            return;
        }
        String shown = IpLiteral.format(address.get());
        out.println(
                server.unban(address.get()) == OperatorOutcome.DONE
                        ? texts.get("console.unbanned", shown)
                        : texts.get("console.notBanned", shown));
    }

    /** When a ban or mute was imposed, to the minute, as the operator's clock on the wall shows it. */
    private static final DateTimeFormatter IMPOSED_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    private void restrictions() throws ChatServer.UnansweredException {
        Restrictions restrictions = server.restrictions();
        out.println(texts.get("console.bans", restrictions.bans().size()));
        Table bans = restrictionTable();
        restrictions.bans().forEach(ban -> bans.row(ban.subject(), remaining(ban)));
        bans.lines().forEach(out::println);
        out.println(texts.get("console.mutes", restrictions.mutes().size()));
        Table mutes = restrictionTable();
        restrictions.mutes().forEach(mute -> mutes.row(mute.subject(), remaining(mute)));
        mutes.lines().forEach(out::println);
    }

    /** What is left of {@code restriction}, and when it was imposed (in the server's time zone). */
    private String remaining(Restriction restriction) {
        String left = restriction.remaining().isUntilLifted()
                ? texts.get("console.untilLifted")
                : texts.get("console.left", idle(restriction.remaining().length()));
        String imposed = restriction
                .imposed()
                .map(at -> texts.get("console.imposed", IMPOSED_TIME.format(at)))
                .orElse(texts.get("console.imposedUnknown"));
        return texts.get("console.restriction", left, imposed);
    }

    private void mute(String[] words) throws ChatServer.UnansweredException {
        Optional<Term> term = words.length == 2 || words.length == 3 ? term(words, 2) : Optional.empty();
        if (term.isEmpty()) {
            out.println(texts.get("console.muteUsage"));
            return;
        }
        if (server.mute(words[1], term.get()) == OperatorOutcome.NO_SUCH_MEMBER) {
            out.println(texts.get("console.noSuchMember", Untrusted.quote(words[1])));
        } else {
            out.println(
                    term.get().isUntilLifted()
                            ? texts.get("console.muted", words[1])
                            : texts.get("console.mutedFor", words[1], term.get().minutes()));
        }
    }

    private void unmute(String[] words) throws ChatServer.UnansweredException {
        if (words.length != 2) {
            out.println(texts.get("console.unmuteUsage"));
            return;
        }
        out.println(
                server.unmute(words[1]) == OperatorOutcome.DONE
                        ? texts.get("console.unmuted", words[1])
                        : texts.get("console.notMuted", Untrusted.quote(words[1])));
    }

    private void stats() throws ChatServer.UnansweredException {
        List<NodeStats> nodes = server.statsByNode();
        if (nodes.isEmpty()) {
            printStats(server.stats());
            return;
        }
        List<RelayStats> answered = new ArrayList<>();
        RoomStreamCounters sequenced = new RoomStreamCounters(0, 0, 0, 0, 0);
        for (NodeStats node : nodes) {
            out.println(texts.get(node.isLocal() ? "console.statsThisNode" : "console.statsNode", node.node()));
            if (node.stats().isPresent()) {
                printStats(node.stats().get());
                answered.add(node.stats().get());
            } else {
                out.println(texts.get("console.statsNodeSilent", node.failure()));
            }
            if (node.rooms().isPresent()) {
                printRoomStream(node.rooms().get());
                sequenced = sequenced.plus(node.rooms().get());
            }
        }
        out.println(texts.get("console.statsTotal", answered.size(), nodes.size()));
        printStats(RelayStats.sum(answered).withRooms(server.rooms().size())); // a room on two nodes is one room
        printRoomStream(sequenced);
    }

    /** What a node's (or the cluster's) rooms' sequencing mended: nothing lost is ever silent. */
    private void printRoomStream(RoomStreamCounters rooms) {
        out.println(texts.get(
                "console.statsRoomStream",
                rooms.delivered(),
                rooms.fetches(),
                rooms.fetched(),
                rooms.missed(),
                rooms.notPublished(),
                rooms.stampRefused()));
    }

    private void printStats(RelayStats stats) {
        out.println(texts.get(
                "console.statsMembers",
                stats.members(),
                stats.nativeMembers(),
                stats.members() - stats.nativeMembers(),
                stats.rooms(),
                stats.joins()));
        out.println(texts.get(
                "console.statsTraffic", stats.datagramsIn(), stats.bytesIn(), stats.datagramsOut(), stats.bytesOut()));
        out.println(texts.get("console.statsRetransmissions", stats.retransmissions()));
        if (stats.drops().isEmpty()) {
            out.println(texts.get("console.statsNoDrops"));
        } else {
            StringBuilder drops = new StringBuilder();
            stats.drops().forEach((reason, count) -> drops.append(drops.length() == 0 ? "" : ", ")
                    .append(reason.name().toLowerCase(Locale.ROOT))
                    .append(' ')
                    .append(count));
            out.println(texts.get("console.statsDrops", drops));
        }
    }

    /**
     * The term the optional minutes at {@code words[index]} give: until lifted when absent, empty when not a
     * whole number in 1..{@value Term#MAX_MINUTES}.
     */
    private static Optional<Term> term(String[] words, int index) {
        if (words.length <= index) {
            return Optional.of(Term.UNTIL_LIFTED);
        }
        try {
            long minutes = Long.parseLong(words[index]);
            return minutes >= 1 && minutes <= Term.MAX_MINUTES
                    ? Optional.of(Term.ofMinutes(minutes))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code /watch ROOM}, {@code /watch all}, {@code /watch off}: what is said in a room (or every room)
     * appears on this console as it happens, through a {@link RoomFeed} of its own, so a console that falls
     * behind misses lines (and is told how many) rather than slowing the room.
     */
    private void watch(String[] words) throws ChatServer.UnansweredException {
        if (words.length != 2) {
            out.println(texts.get("console.watchUsage"));
            return;
        }
        String what = words[1];
        if (what.equals("off")) {
            stopWatching();
            out.println(texts.get("console.watchOff"));
            return;
        }
        if (what.equals("all")) {
            startWatching(Optional.empty(), line -> true);
            out.println(texts.get("console.watchingAll"));
            return;
        }
        String key = RoomNames.key(what);
        boolean open = server.rooms().stream()
                .anyMatch(room -> RoomNames.key(room.name()).equals(key));
        startWatching(Optional.of(what), line -> line.reached(key));
        out.println(
                open ? texts.get("console.watching", what) : texts.get("console.watchingNone", Untrusted.quote(what)));
    }

    /**
     * Feeds this console the lines {@code filter} accepts, of the room called {@code room} (empty: of every
     * room). In a cluster the server follows that room for this console (or every room, for {@code all}) while
     * it watches, even with no member on this node.
     */
    private void startWatching(Optional<String> room, java.util.function.Predicate<RoomLine> filter)
            throws ChatServer.UnansweredException {
        if (watching != null) {
            watching.select(filter);
            server.watch(watching, room);
            return;
        }
        RoomFeed feed = new RoomFeed(
                "watch-" + Thread.currentThread().getName(),
                line -> out.println(watchLine(line)),
                missed -> out.println(texts.get("console.watchMissed", missed)));
        feed.select(filter);
        watching = feed;
        server.watch(feed, room);
    }

    /**
     * {@code 13:02:11 [games] bob : hi}, at the time the relay heard it (not when this console got round to
     * printing it); what every room heard (an announcement) shows {@code [*]}.
     */
    static String watchLine(RoomLine line) {
        return WATCH_TIME.format(line.at()) + " " + line.describe();
    }

    private void stopWatching() {
        if (watching != null) {
            server.unwatch(watching);
            watching.close();
            watching = null;
        }
    }

    private void kick(String[] words) throws ChatServer.UnansweredException {
        if (words.length < 2) {
            out.println(texts.get("console.kickUsage"));
            return;
        }
        String name = words[1];
        String reason = words.length > 2 ? words[2] : "";
        KickOutcome outcome = server.kick(name, reason);
        switch (outcome) {
            case KICKED:
                out.println(texts.get("console.kicked", name));
                break;
            case NO_SUCH_MEMBER:
                out.println(texts.get("console.noSuchMember", Untrusted.quote(name)));
                break;
            case BAD_REASON:
                out.println(texts.get("console.badReason"));
                break;
            default:
                throw new AssertionError(outcome);
        }
    }

    /** {@code 42s}, {@code 3m05s}, {@code 2h07m}: short enough for a column. */
    static String idle(Duration idle) {
        long seconds = idle.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
