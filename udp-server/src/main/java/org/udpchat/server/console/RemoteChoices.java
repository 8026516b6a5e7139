package org.udpchat.server.console;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Tab at an attached console: the names the relay knows, asked of the server over the control socket when
 * Tab is pressed. The one exchange on the wire that is not a line the operator typed or a line for them to
 * read: {@link #REQUEST}, U+0001 then {@code choices} (a control character first, which no typed line
 * starts with, and which the console would refuse as an announcement), asks, and the server answers with one line, {@link #ANSWER} and the
 * four lists (members, rooms, banned addresses, muted names), each list's items and the lists apart by
 * control characters that no name holds.
 *
 * <p>Both ends' halves are here, so the format has one owner: {@link #answer} for the server's console, the
 * rest for {@code --attach}, where Tab runs on the thread that reads the operator's keys (and sends lines),
 * and the answer arrives on the thread that reads the server's lines, which hands it over ({@link
 * #offer}).
 */
final class RemoteChoices implements ConsoleCompleter.Choices {

    static final String REQUEST = "\u0001choices";
    static final String ANSWER = "\u0001choices:";

    private static final char LIST_SEPARATOR = '\u001e';
    private static final char ITEM_SEPARATOR = '\u001f';

    /** How long Tab waits for the server: past it, Tab offers nothing, as at a busy relay. */
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final PrintStream toServer;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    RemoteChoices(PrintStream toServer) {
        this.toServer = toServer;
    }

    /** The server's answer line to {@link #REQUEST}: what {@code choices} lists now. */
    static String answer(ConsoleCompleter.Choices choices) {
        return ANSWER
                + String.join(
                        String.valueOf(LIST_SEPARATOR),
                        items(choices.members()),
                        items(choices.rooms()),
                        items(choices.bannedAddresses()),
                        items(choices.mutedNames()));
    }

    private static String items(List<String> items) {
        return String.join(String.valueOf(ITEM_SEPARATOR), items);
    }

    /** Whether {@code line} from the server is an answer (then it is taken, not shown). */
    boolean offer(String line) {
        if (!line.startsWith(ANSWER)) {
            return false;
        }
        answers.add(line.substring(ANSWER.length()));
        return true;
    }

    @Override
    public List<String> members() {
        return ask(0);
    }

    @Override
    public List<String> rooms() {
        return ask(1);
    }

    @Override
    public List<String> bannedAddresses() {
        return ask(2);
    }

    @Override
    public List<String> mutedNames() {
        return ask(3);
    }

    private List<String> ask(int list) {
        answers.clear(); // a late answer to an earlier Tab
        toServer.println(REQUEST);
        String answer;
        try {
            answer = answers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        if (answer == null) {
            return List.of();
        }
        String[] lists = answer.split(String.valueOf(LIST_SEPARATOR), -1);
        if (lists.length <= list || lists[list].isEmpty()) {
            return List.of();
        }
        return Arrays.asList(lists[list].split(String.valueOf(ITEM_SEPARATOR)));
    }
}
