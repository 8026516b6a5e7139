/**
 * The program around the server: {@link org.udpchat.server.console.ServerMain} parses the command line
 * ({@code ServerCommandLine}, with {@code LongOptions} to make the options and list them in {@code --help},
 * in the language {@code --lang} names) into a {@link org.udpchat.server.ServerConfig}, sets up the standard
 * streams and, at a terminal, the line editor ({@code Terminal}) and the log ({@code Logging}), starts the
 * server and its operator's console, and maps the end to an exit status.
 * {@link org.udpchat.server.console.AdminConsole} is the {@code admin-console} thread: it reads the
 * operator's lines from a {@code ConsoleInput} (piped: {@code PipedLines}; at a terminal: {@code
 * LineEditor}, JLine, with {@code ConsoleCompleter} for Tab and {@code OperatorScreen} printing what other
 * threads write above the prompt), tells a second Ctrl-C from a first ({@code InterruptConfirmation}), lays
 * out its tables by display width ({@code Table}), and asks the relay through {@link
 * org.udpchat.server.ChatServer}, the only way this package reaches it (with {@link
 * org.udpchat.server.IpLiteral} for addresses). {@code /watch} feeds a console the rooms' lines through a
 * {@code RoomFeed} (a bounded queue and a thread of its own, so the relay never waits); the transcript is
 * another feed, into tinylog's rolling writer ({@code Logging}). {@code ControlSocket} gives the same console
 * to operators who attach through a Unix domain socket ({@code Attach} is their side, {@code --attach};
 * {@code UnixStreams} the streams over it, {@code RemoteChoices} Tab's names over it), one {@code operator-N}
 * thread each, written to through an {@code OperatorConnection} (a bounded buffer and a writer thread of its
 * own, so nobody waits long on an operator who stopped reading); {@code SocketPlace} checks that the socket's
 * path, and who is at either end, is the server's user's or root's alone.
 */
package org.udpchat.server.console;
