package org.udpchat.client;

import java.util.ArrayList;
import java.util.List;

/** The client programs one test starts in-process, remembered so that their input ends with the test. */
final class InProcessClients {

    private final List<InProcessClient> started = new ArrayList<>();

    /** Starts {@code udp-client args}; {@code atATerminal} is whether it believes a person is typing. */
    InProcessClient start(boolean atATerminal, String... args) {
        InProcessClient client = new InProcessClient(atATerminal, args);
        started.add(client);
        return client;
    }

    /** Starts {@code udp-client args} with its input piped, as a script runs it. */
    InProcessClient start(String... args) {
        return start(false, args);
    }

    /** Ends every client's input, as Ctrl-D would: each leaves its room. */
    void endInput() {
        started.forEach(client -> client.keyboard.endOfInput());
    }
}
