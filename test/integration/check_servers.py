#!/usr/bin/env python3
"""Small servers for check_probes.sh, one per invocation, in a test namespace.

  check_servers.py http ADDR PORT STATUS BODY [LOG]  answer every GET, log peers and requests
  check_servers.py hang ADDR PORT                     accept TCP and never answer
  check_servers.py udp-echo ADDR PORT                 send back every datagram
  check_servers.py dns ADDR PORT RCODE                answer every query with RCODE
  check_servers.py smtp ADDR PORT BANNER HELO         SMTP replies with these codes

Prints "ready" once listening, then serves until killed.
"""
import socket
import struct
import sys
import threading


def listen_tcp(addr, port):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(512)
    return s


def bind_udp(addr, port):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, port))
    return s


def ready():
    print("ready", flush=True)


def http(addr, port, status, body, log=None):
    s = listen_tcp(addr, int(port))
    ready()
    data = body.encode()

    def serve(c, peer):
        req = b"peer %s %d\n" % (peer[0].encode(), peer[1])
        while b"\r\n\r\n" not in req:
            chunk = c.recv(4096)
            if not chunk:
                break
            req += chunk
        if log:
            with open(log, "ab") as f:
                f.write(req)
        c.sendall(b"HTTP/1.0 %d X\r\nContent-Length: %d\r\n\r\n%s" % (int(status), len(data), data))
        c.close()

    while True:
        c, peer = s.accept()
        threading.Thread(target=serve, args=(c, peer), daemon=True).start()


def hang(addr, port):
    s = listen_tcp(addr, int(port))
    ready()
    held = []
    while True:
        c, _ = s.accept()
        held.append(c)


def udp_echo(addr, port):
    s = bind_udp(addr, int(port))
    ready()
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(data, peer)


def dns(addr, port, rcode):
    s = bind_udp(addr, int(port))
    ready()
    while True:
        data, peer = s.recvfrom(2048)
        if len(data) < 12:
            continue
        qid, flags = struct.unpack("!HH", data[:4])
        reply = struct.pack("!HHHHHH", qid, 0x8180 | int(rcode), 1, 0, 0, 0) + data[12:]
        s.sendto(reply, peer)


def smtp(addr, port, banner, helo):
    s = listen_tcp(addr, int(port))
    ready()

    def serve(c):
        f = c.makefile("rwb")
        f.write(b"%s mail.test ESMTP\r\n" % banner.encode())
        f.flush()
        line = f.readline()
        if line.startswith(b"HELO "):
            f.write(b"%s hello\r\n" % helo.encode())
            f.flush()
            if f.readline().startswith(b"QUIT"):
                f.write(b"221 bye\r\n")
                f.flush()
        c.close()

    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


MODES = {"http": http, "hang": hang, "udp-echo": udp_echo, "dns": dns, "smtp": smtp}

if __name__ == "__main__":
    MODES[sys.argv[1]](*sys.argv[2:])
