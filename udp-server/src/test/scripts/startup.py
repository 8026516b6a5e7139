"""Start-up of two server jars, alternated: time to 'listening on', then to the answer of a first login.

python3 startup.py RUNS BEFORE.jar AFTER.jar
"""
import subprocess, time, socket, statistics, sys
jars = {'before': sys.argv[2], 'after': sys.argv[3]}
res = {k: ([], []) for k in jars}
for i in range(int(sys.argv[1])):
    for name, jar in jars.items():
        t0 = time.monotonic()
        p = subprocess.Popen(['java', '-jar', jar, '--port', '0', '--bind', '127.0.0.1'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        port = None
        for line in p.stdout:
            if 'listening on' in line:
                port = int(line.strip().rsplit(':', 1)[1]); break
        t1 = time.monotonic()
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(10)
        s.sendto('L bob'.encode(), ('127.0.0.1', port))
        reply = s.recv(2048)
        t2 = time.monotonic()
        assert reply.startswith(b'OK'), reply
        s.close(); p.stdin.close(); p.terminate(); p.wait()
        res[name][0].append((t1 - t0) * 1000); res[name][1].append((t2 - t1) * 1000)
for name, (listen, first) in res.items():
    print(f"{name}: listening after median {statistics.median(listen):.0f} ms (range {min(listen):.0f}-{max(listen):.0f}); first login answered {statistics.median(first):.1f} ms later (range {min(first):.1f}-{max(first):.1f}); n={len(listen)}")
