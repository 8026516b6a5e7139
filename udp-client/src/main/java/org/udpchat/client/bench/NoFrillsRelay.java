package org.udpchat.client.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The yardstick for the relay's speed: the classic chat room as a teaching example writes it, one
 * socket, a map and a loop, with none of the real server's rules. Only for the load program to compare
 * against: {@code java -cp udp-client.jar org.udpchat.client.bench.NoFrillsRelay [port]}. It prints
 * {@code listening on 127.0.0.1:PORT} and serves until killed.
 */
public final class NoFrillsRelay {

    private NoFrillsRelay() {}

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (DatagramSocket socket =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            System.out.println("listening on 127.0.0.1:" + socket.getLocalPort());
            System.out.flush();
            Map<String, SocketAddress> members = new HashMap<>();
            byte[] buffer = new byte[2048];
            while (true) {
                DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                socket.receive(request);
                String text = new String(buffer, 0, request.getLength(), StandardCharsets.UTF_8);
                String[] parts = text.split(" ", 3);
                if (parts[0].equals("L") && parts.length >= 2) {
                    members.put(parts[1], request.getSocketAddress());
                    send(socket, "OK", request.getSocketAddress());
                } else if (parts[0].equals("C") && parts.length == 3) {
                    byte[] line = (parts[1] + " : " + parts[2]).getBytes(StandardCharsets.UTF_8);
                    for (SocketAddress member : members.values()) {
                        socket.send(new DatagramPacket(line, line.length, member));
                    }
                } else if (parts[0].equals("Q") && parts.length >= 2) {
                    members.remove(parts[1]);
                    send(socket, "EXIT", request.getSocketAddress());
                }
            }
        }
    }

    private static void send(DatagramSocket socket, String text, SocketAddress to) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }
}
