package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.HostPort;

/** The first join through a list: silent servers are passed over, with a word; the first that answers decides. */
class JoinInTurnTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Screen screen = new PlainScreen(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    private final List<String> asked = new ArrayList<>();

    private static ServerList.Node node(String host, int port) {
        return new ServerList.Node(
                new HostPort(host, port), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private final ServerList.Node a = node("127.0.0.1", 8001);
    private final ServerList.Node b = node("127.0.0.1", 8002);
    private final ServerList.Node c = node("127.0.0.1", 8003);
    private final ServerRotation servers = new ServerRotation(List.of(a, b, c), address -> {});

    /** Each server answers as {@code answers} says (by port); a server not in it is silent. */
    private JoinInTurn<ChatSession> inTurn(Map<Integer, JoinResult<ChatSession>> answers) {
        return new JoinInTurn<>(
                name -> {
                    ServerList.Node server = servers.current();
                    asked.add(server + " " + name);
                    return answers.getOrDefault(server.address().getPort(), new JoinResult.NoAnswer<>(true));
                },
                servers,
                TIMEOUT,
                screen,
                Texts.of(Locale.ENGLISH));
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void silentServersArePassedOverAndTheFirstThatAnswersDecides() throws Exception {
        JoinResult<ChatSession> result = inTurn(Map.of(
                        8002,
                        new JoinResult.Refused<>("that name is taken", true),
                        8003,
                        new JoinResult.Failed<>("never asked", ExitStatus.USAGE)))
                .join("alice");

        assertEquals(new JoinResult.Refused<>("that name is taken", true), result);
        assertEquals(List.of("127.0.0.1:8001 alice", "127.0.0.1:8002 alice"), asked);
        assertEquals(List.of("no answer from 127.0.0.1:8001 within 5 s; trying 127.0.0.1:8002"), errLines());
        assertEquals(b, servers.current());
    }

    @Test
    void anotherNameAfterARefusalGoesToTheServerThatRefused() throws Exception {
        JoinInTurn<ChatSession> join = inTurn(Map.of(8002, new JoinResult.Refused<>("that name is taken", true)));
        join.join("alice");
        asked.clear();

        join.join("bob");

        assertEquals("127.0.0.1:8002 bob", asked.get(0));
    }

    @Test
    void whenEveryServerIsSilentTheJoinIsUnansweredAndSaysWhetherAnyoneSpoke() throws Exception {
        assertEquals(new JoinResult.NoAnswer<>(true), inTurn(Map.of()).join("alice"));
        assertEquals(3, asked.size(), "each server once");
        assertEquals(
                List.of(
                        "no answer from 127.0.0.1:8001 within 5 s; trying 127.0.0.1:8002",
                        "no answer from 127.0.0.1:8002 within 5 s; trying 127.0.0.1:8003"),
                errLines());
    }

    @Test
    void aServerThatSpokeButDidNotLetUsInMakesTheJoinNotSilent() throws Exception {
        JoinResult<ChatSession> result =
                inTurn(Map.of(8002, new JoinResult.NoAnswer<>(false))).join("alice");
        assertEquals(new JoinResult.NoAnswer<>(false), result);
    }

    @Test
    void aRefusedKeyEndsTheJoinWithoutTryingTheOthers() throws Exception {
        JoinResult<ChatSession> result = inTurn(
                        Map.of(8001, new JoinResult.Failed<>("changed key", ExitStatus.UNVERIFIED)))
                .join("alice");
        assertInstanceOf(JoinResult.Failed.class, result);
        assertEquals(List.of("127.0.0.1:8001 alice"), asked);
        assertEquals(List.of(), errLines());
    }

    @Test
    void theLongestJoinIsEveryServersTimeout() {
        assertEquals(Duration.ofSeconds(15), inTurn(Map.of()).longest());
    }
}
