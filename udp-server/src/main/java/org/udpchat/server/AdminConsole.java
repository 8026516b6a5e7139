package org.udpchat.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Names;
import org.udpchat.codec.Untrusted;

/**
 * The operator's console: reads lines from the server's stdin and turns them into requests to the room.
 * A plain line is an announcement to everyone; a line starting with {@code /} is a command.
 *
 * <p>Life: {@link #run} runs on its own thread, named {@code admin-console}, until {@code /quit}, the end
 * of input, or the room closing. It never touches the room's state: every request goes to the relay
 * thread through {@link ChatServer} and waits for the answer, which it prints. Only this thread writes to
 * the server's stdout once the server is running, so its prompts and answers never interleave.
 */
public final class AdminConsole implements Runnable {

    private final BufferedReader in;
    private final PrintStream out;
    private final boolean showPrompt;
    private final Texts texts;
    private final ChatServer server;

    /**
     * @param showPrompt whether a person is typing (stdin is a terminal): then each line gets a prompt;
     *     piped input gets none, so scripts see only answers
     */
    public AdminConsole(BufferedReader in, PrintStream out, boolean showPrompt, Texts texts, ChatServer server) {
        this.in = in;
        this.out = out;
        this.showPrompt = showPrompt;
        this.texts = texts;
        this.server = server;
    }

    @Override
    public void run() {
        try {
            boolean more = true;
            while (more) {
                if (showPrompt) {
                    out.print(texts.get("console.prompt"));
                    out.flush();
                }
                String line = in.readLine();
                if (line == null) {
                    Logger.info("admin console: end of input; the server keeps running");
                    return;
                }
                try {
                    more = handle(line.strip());
                } catch (ChatServer.UnansweredException e) {
                    if (server.isStopped()) {
                        Logger.info("admin console closed: {}", e.getMessage());
                        return;
                    }
                    out.println(texts.get("console.unanswered", e.getMessage())); // slow, not gone: go on
                }
            }
        } catch (IOException e) {
            Logger.warn("admin console: cannot read stdin ({}); the server keeps running", e.getMessage());
        }
    }

    /** Handles one line; false when the console should end. */
    boolean handle(String line) throws ChatServer.UnansweredException {
        if (line.isEmpty()) {
            return true;
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
            case "/kick":
                kick(words);
                return true;
            case "/quit":
                out.println(texts.get("console.closing"));
                out.flush();
                server.stop(ChatServer.ANSWER_TIMEOUT);
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

    private void list() throws ChatServer.UnansweredException {
        List<MemberInfo> members = server.members();
        if (members.isEmpty()) {
            out.println(texts.get("console.noMembers"));
            return;
        }
        out.println(texts.get("console.members", members.size()));
        for (MemberInfo member : members) {
            out.printf(
                    "  %-20s %-40s %-8s %s%n",
                    member.name(),
                    HostPort.format(member.address()),
                    member.isNative() ? "native" : "classic",
                    texts.get("console.idle", idle(member.idle())));
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
