#!/usr/bin/env python3
"""Reflection factor of udp-server under forged joins, measured on the wire.

Run as root inside a fresh network namespace (unshare -n), so that forged sources never leave the host:
    sudo unshare -n python3 udp-server/src/test/scripts/reflect.py udp-server/target/udp-server.jar [server options...]
It sends datagrams with forged source addresses through a raw socket to 127.0.0.1, and counts with a
packet socket on lo every UDP payload byte the server sends back to the forged addresses.
"""
import os, socket, struct, subprocess, sys, threading, time

jar = sys.argv[1]
extra = sys.argv[2:]
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
# replies to the forged addresses go out on lo and die there (not local, no forwarding)
subprocess.run(["ip", "route", "add", "203.0.113.0/24", "dev", "lo"], check=True)
subprocess.run(["ip", "route", "add", "10.0.0.0/8", "dev", "lo"], check=True)

server = subprocess.Popen(["java", "-jar", jar, "--bind", "127.0.0.1", "--port", "0", "--log-level", "warn", "--state-dir", "none", *extra],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
line = server.stdout.readline()
port = int(line.rsplit(":", 1)[1])

counts = {}  # forged source ip -> [bytes in, bytes out, datagrams out]
lock = threading.Lock()
stop = False

def sniff():
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))
    s.bind(("lo", 0))
    s.settimeout(0.2)
    while not stop:
        try:
            frame, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] != socket.PACKET_OUTGOING:
            continue
        ip = frame[14:]
        if ip[9] != 17:
            continue
        ihl = (ip[0] & 0x0F) * 4
        src, dst = socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20])
        sport, dport, ulen = struct.unpack("!HHH", ip[ihl:ihl + 6])
        payload = ulen - 8
        with lock:
            if sport == port and dst in counts:
                counts[dst][1] += payload
                counts[dst][2] += 1

threading.Thread(target=sniff, daemon=True).start()
time.sleep(0.5)  # the sniffer is a measurement aid: let it open before the first datagram

raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)

def forge(src_ip, src_port, payload):
    udp = struct.pack("!HHHH", src_port, port, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     socket.inet_aton(src_ip), socket.inet_aton("127.0.0.1"))
    raw.sendto(ip + udp, ("127.0.0.1", 0))
    with lock:
        counts.setdefault(src_ip, [0, 0, 0])[0] += len(payload)

# three honest classic members on this host, so the room has people to notify
honest = []
for name in ("alice", "bob", "carol"):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.sendto(("L " + name).encode(), ("127.0.0.1", port))
    s.settimeout(2)
    assert s.recv(2048) == b"OK", name
    honest.append(s)

def report(label, ips):
    time.sleep(2.5)  # let the last replies and coalesced notices go out before reading the counters
    with lock:
        bin_ = sum(counts[ip][0] for ip in ips if ip in counts)
        bout = sum(counts[ip][1] for ip in ips if ip in counts)
        dout = sum(counts[ip][2] for ip in ips if ip in counts)
        counts.clear()  # the next phase counts afresh
    print(f"{label:52s} in {bin_:>7,} B   out {bout:>7,} B in {dout:>5,} datagrams   factor {bout / bin_:.2f}x")

# 1. one public address, 1,100 forged classic joins (the finding: 7,690 bytes in)
for i in range(1100):
    forge("203.0.113.7", 10000 + i, f"L f{i:04d}".encode())
report("classic L x1100 from one public address (203.0.113.7)", ["203.0.113.7"])
# 2. 1,100 public addresses, one forged classic join each
ips = [f"203.0.113.{i % 250 + 1}" for i in range(1100)]
for i, ip in enumerate(ips):
    forge(ip, 20000 + i, f"L p{i:04d}".encode())
report("classic L x1100 from 250 public addresses", sorted(set(ips)))
# 3. a LAN forger: 1,100 joins from one private address
for i in range(1100):
    forge("10.0.0.7", 10000 + i, f"L g{i:04d}".encode())
report("classic L x1100 from one private address (10.0.0.7)", ["10.0.0.7"])
# 4. a LAN forger: 1,100 private addresses
lan = [f"10.1.{i // 250}.{i % 250 + 1}" for i in range(1100)]
for i, ip in enumerate(lan):
    forge(ip, 30000 + i, f"L h{i:04d}".encode())
report("classic L x1100 from 1,100 private addresses", lan)
# 5. native HELLOs from forged public addresses
hello = b"\xff\xac\x01\x01" + os.urandom(8)
hello += bytes(64 - len(hello))
for i in range(1000):
    forge(f"203.0.113.{200 + i % 50}", 40000 + i, hello)
report("native HELLO x1000 from 50 public addresses", [f"203.0.113.{200 + i}" for i in range(50)])

server.stdin.write("/stats\n")
server.stdin.flush()
for _ in range(4):
    print("  /stats:", server.stdout.readline().rstrip())
stop = True
server.stdin.write("/quit\n")
server.stdin.flush()
server.wait(timeout=10)
