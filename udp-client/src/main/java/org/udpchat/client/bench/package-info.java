/**
 * The load program: how many deliveries per second a relay makes. {@link org.udpchat.client.bench.Bench}
 * is its entry point: it measures a running relay, or starts udp-server and the yardstick
 * {@link org.udpchat.client.bench.NoFrillsRelay} in turn and compares them. {@code Load} is one measurement,
 * every member on one thread in one selector; {@code LoadProtocol} is how its members speak, classic text
 * ({@code ClassicLoad}) or native ({@code NativeLoad}, which reads events in place with {@code SaidView});
 * {@code Answers} reads a member's answers while it joins. With {@code --rate} ({@code RateBench}) the load
 * program holds the relay at a fixed number of deliveries a second instead ({@code PaceSchedule} says when
 * each chat is due) and reports the one-way latency, its own pacing lag and the CPU the relay and it used
 * ({@code ProcessCpu}), one {@code PacedResult} per run. It is a benchmark, not a test, and shares nothing
 * with the chat client but the codec.
 *
 * <p>Every simulated native member speaks protocol 2 as the client does, so that the measured server does
 * all the work a real one does: {@code MemberHandshake} is its join (HELLO, INIT with Noise's first message,
 * a sealed LOGIN), step by step for the crowds or waiting for each answer for the members that join one at
 * a time, and {@code MemberSession} its token and its one client-side cipher, which seals everything it
 * sends and opens everything it receives.
 *
 * <p>{@link org.udpchat.client.bench.Probe} is the third entry point: what members feel of each other while
 * one misbehaves. For each run it starts udp-server ({@code RelayProcess}, shared with the load program),
 * joins the {@code ProbeRoom} (well-behaved members, {@code ProbeMember}s that behave as the client does,
 * which time each other's lines) and one {@code Adversary} on its own thread (among them {@code init-flood},
 * INITs with valid cookies from one address), and reports percentiles of the one-way latency
 * ({@code Latencies}).
 *
 * <p>The crowd modes of the load program, {@code --idle N} and {@code --storm N} ({@code CrowdModes}), put
 * thousands of members on one thread: a {@code Crowd} ({@code NativeCrowd} joins and idles as the client
 * does, on the client's own {@code PingRule} from the codec; {@code ClassicCrowd} joins and listens). {@code IdleRun}
 * measures what idle members cost the relay, {@code StormRun} a crowd joining one room at once;
 * {@code ProcessMeter} reads a process's CPU time, its relay thread's wake-ups and its live heap, with
 * {@code ProcFigures} for the arithmetic, and {@code JoinTally} checks that every member heard of every
 * later arrival.
 *
 * <p>The cluster mode, {@code --cluster-nodes N} ({@code ClusterBench}), measures the same room on one
 * server, on a cluster of one node and on one of N nodes, each node a udp-server process started by
 * {@code ClusterNodes} (one key, one state directory each, every node's cluster port in every node's list),
 * the members dealt over the nodes (and rooms) by {@code NodeSpread}; a {@code Load} then talks to each
 * member's own node. {@code FailoverRun} kills a node and times how long its members, a {@code FailoverCrowd}
 * that pings and rejoins as the client does (presenting its session through {@code MemberHandshake}), take
 * to be back on another node.
 */
package org.udpchat.client.bench;
