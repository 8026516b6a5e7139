/**
 * The program around the server: {@link org.udpchat.server.console.ServerMain} parses the command line
 * ({@code ServerCommandLine}, with {@code LongOptions} to make the options and list them in {@code --help}) into a
 * {@link org.udpchat.server.ServerConfig}, sets up the standard streams ({@code Terminal}) and the log
 * ({@code Logging}), starts the server and its operator's console, and maps the end to an exit status.
 * {@link org.udpchat.server.console.AdminConsole} is the {@code admin-console} thread: it reads the
 * operator's lines (with {@link org.udpchat.server.IpLiteral} for addresses) and asks the relay through
 * {@link org.udpchat.server.ChatServer}, the only way this package reaches it.
 */
package org.udpchat.server.console;
