#!/usr/bin/python3
"""Forward 127.0.0.1:<ephemeral port> to a PostgreSQL unix socket.

    tcp_to_unix.py SOCKET_PATH PORT_FILE [LIFETIME_SECONDS]

The e2e test cluster (scripts/pg-test-cluster.sh) listens on a unix socket only, but
JDBC (Liquibase) can only speak TCP. This listens on 127.0.0.1 on a port the kernel
picks (so parallel tests never collide), writes that port to PORT_FILE once it accepts
connections, and copies bytes both ways for every client. It exits on SIGTERM, or after
LIFETIME_SECONDS (default 900) as a safety net should its caller die without stopping it.
"""
import os
import signal
import socket
import sys
import threading


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s, how in ((dst, socket.SHUT_WR), (src, socket.SHUT_RD)):
            try:
                s.shutdown(how)
            except OSError:
                pass


def serve(client, socket_path):
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        upstream.connect(socket_path)
    except OSError as e:
        print(f"tcp_to_unix: cannot connect to {socket_path}: {e}", file=sys.stderr)
        client.close()
        upstream.close()
        return
    back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
    back.start()
    pump(client, upstream)
    back.join()
    client.close()
    upstream.close()


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    socket_path, port_file = sys.argv[1], sys.argv[2]
    lifetime = float(sys.argv[3]) if len(sys.argv) == 4 else 900.0

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    threading.Timer(lifetime, lambda: os._exit(3)).start()

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{listener.getsockname()[1]}\n")
    os.replace(tmp, port_file)  # the caller polls for PORT_FILE: never let it see half a line

    while True:
        client, _ = listener.accept()
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(client, socket_path), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
