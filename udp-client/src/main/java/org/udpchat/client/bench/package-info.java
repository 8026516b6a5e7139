/**
 * The load program: how many deliveries per second a relay makes. {@link org.udpchat.client.bench.Bench}
 * is its entry point: it measures a running relay, or starts udp-server and the yardstick
 * {@link org.udpchat.client.bench.NoFrillsRelay} in turn and compares them. {@code Load} is one measurement,
 * every member on one thread in one selector; {@code LoadProtocol} is how its members speak, classic text
 * ({@code ClassicLoad}) or native ({@code NativeLoad}); {@code Answers} reads a member's answers while it
 * joins. It is a benchmark, not a test, and shares nothing with the chat client but the codec.
 */
package org.udpchat.client.bench;
