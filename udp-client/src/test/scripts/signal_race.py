#!/usr/bin/env python3
"""Signals each client the moment it shows its joined line, and counts the ones that did not leave.

    python3 udp-client/src/test/scripts/signal_race.py udp-server/target/udp-server.jar \
        udp-client/target/udp-client.jar 60 [--legacy] [--sigint] [--burners 2]

Starts the server jar, then N clients one after another (native, or classic with --legacy); each gets
SIGTERM (SIGINT with --sigint) as soon as its first line arrives. --burners K keeps K busy shell loops
running meanwhile: a loaded machine widens any window between showing the line and being ready to leave.
Prints each client that did not end with 0, then the exit statuses and how many leaves the server logged.
"""
import os, re, signal, subprocess, sys, tempfile, time

server_jar, client_jar, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
legacy = "--legacy" in sys.argv
sig = signal.SIGINT if "--sigint" in sys.argv else signal.SIGTERM
burners = int(sys.argv[sys.argv.index("--burners") + 1]) if "--burners" in sys.argv else 0
env = dict(os.environ, LANG="C", LC_ALL="C")
env.pop("JAVA_TOOL_OPTIONS", None)


def default_signals():
    # a shell's background job inherits SIGINT ignored, and a JVM then never sees Ctrl-C
    signal.signal(signal.SIGINT, signal.SIG_DFL)


busy = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(burners)]
log = tempfile.TemporaryFile("w+")
server = subprocess.Popen(["java", "-jar", server_jar, "--bind", "127.0.0.1", "--port", "0"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env, text=True,
                          preexec_fn=default_signals)
port = re.search(r":(\d+)", server.stdout.readline()).group(1)
statuses = {}
try:
    for i in range(runs):
        name = f"bob{i}"
        args = ["java", "-jar", client_jar, "--server", f"127.0.0.1:{port}", "--name", name, "--lang", "en"]
        if legacy:
            args.append("--legacy")
        client = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=env, text=True, preexec_fn=default_signals)
        line = client.stdout.readline()
        if not line.startswith("You are in"):
            print(f"{name} did not join: {line!r} {client.stderr.read()!r}")
            client.kill()
            continue
        client.send_signal(sig)
        try:
            status = client.wait(timeout=20)
        except subprocess.TimeoutExpired:
            client.kill()
            status = "still running after 20 s"
        statuses[status] = statuses.get(status, 0) + 1
        if status != 0:
            print(f"{name}: exit {status}", flush=True)
finally:
    for burner in busy:
        burner.kill()
    time.sleep(1)  # the last leave is on its way to the server's log
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=20)
log.seek(0)
left = sum(1 for line in log if re.search(r"'bob\d+' left", line))
print(f"runs {runs}, exit statuses {statuses}, leaves the server logged {left}")
