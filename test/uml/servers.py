#!/usr/bin/python3
"""Small TCP, HTTP, HTTPS and UDP servers for the UML guest tests.

One process serves every real server of a test, each in its own network
namespace: in the guest a fork and exec costs about 70 ms, so one Python
start-up is cheaper than one server process per real server. A listening
socket is made after setns() into the namespace and keeps belonging to it
after the thread moves back.

    servers.py CONTROL_FIFO ACK_FILE SPEC...

SPEC is NAME,NETNS,ADDRESS,PORT,KIND[,HTTP_STATUS]; NETNS '-' is the current
namespace; KIND is tcp (accept and close), http, https (a self-signed
certificate made at start) or udp (echo). Every server starts listening.

Commands, one a line, on CONTROL_FIFO:
    stop NAME          close the listening socket (connections are refused)
    start NAME         listen again
    status NAME CODE   HTTP status code of later answers
    quit
After start-up and after each command (whatever its result) ACK_FILE is
replaced with the number of commands done so far, so a shell can wait for
a command to take effect by reading a file, without starting a process.
Errors go to stderr.
"""

import ctypes
import os
import selectors
import socket
import ssl
import subprocess
import sys
import tempfile

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def in_netns(netns, make):
    """Run make() inside network namespace netns, then come back."""
    if netns == "-":
        return make()
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    target = os.open("/run/netns/" + netns, os.O_RDONLY)
    try:
        if libc.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + netns)
        try:
            return make()
        finally:
            if libc.setns(home, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
    finally:
        os.close(target)
        os.close(home)


class Server:
    def __init__(self, spec):
        parts = spec.split(",")
        if len(parts) not in (5, 6):
            raise ValueError("bad spec " + spec)
        self.name, self.netns, self.addr, port, self.kind = parts[:5]
        self.port = int(port)
        self.status = int(parts[5]) if len(parts) == 6 else 200
        if self.kind not in ("tcp", "http", "https", "udp"):
            raise ValueError("bad kind " + self.kind)
        self.sock = None

    def open(self):
        family = socket.AF_INET6 if ":" in self.addr else socket.AF_INET
        stype = socket.SOCK_DGRAM if self.kind == "udp" else socket.SOCK_STREAM

        def make():
            s = socket.socket(family, stype)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((self.addr, self.port))
            if stype == socket.SOCK_STREAM:
                s.listen(64)
            s.setblocking(False)
            return s

        self.sock = in_netns(self.netns, make)

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def answer_http(conn, server, tls):
    """Read one request head, answer it, close. Blocking, short timeouts:
    the health checkers probe one at a time."""
    conn.settimeout(2.0)
    try:
        if server.kind == "https":
            conn = tls.wrap_socket(conn, server_side=True)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 8192:
            chunk = conn.recv(4096)
            if not chunk:
                break
            head += chunk
        body = ("%s %d\n" % (server.name, server.status)).encode()
        reply = ("HTTP/1.1 %d X\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                 "Connection: close\r\n\r\n" % (server.status, len(body))).encode() + body
        conn.sendall(reply)
    except (OSError, ssl.SSLError) as e:
        print("servers.py: %s: %s" % (server.name, e), file=sys.stderr)
    finally:
        conn.close()


def make_tls(workdir):
    cert = os.path.join(workdir, "cert.pem")
    key = os.path.join(workdir, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=uml-rs",
                    "-days", "2", "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


def write_ack(path, count):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % count)
    os.rename(tmp, path)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    fifo, ack = sys.argv[1], sys.argv[2]
    servers = {}
    for spec in sys.argv[3:]:
        s = Server(spec)
        servers[s.name] = s
    tls = None
    if any(s.kind == "https" for s in servers.values()):
        tls = make_tls(tempfile.mkdtemp(prefix="uml-tls."))

    sel = selectors.DefaultSelector()
    for s in servers.values():
        s.open()
        sel.register(s.sock, selectors.EVENT_READ, s)
    # Read-write, so the FIFO never reports end of file between writers.
    ctl = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    sel.register(ctl, selectors.EVENT_READ, None)
    done = 0
    write_ack(ack, done)
    pending = b""
    while True:
        for key, _ in sel.select():
            server = key.data
            # A command earlier in this batch may have closed its socket.
            if server is not None and server.sock is not key.fileobj:
                continue
            if server is None:
                pending += os.read(ctl, 4096)
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    words = line.decode().split()
                    if words == ["quit"]:
                        write_ack(ack, done + 1)
                        return 0
                    try:
                        target = servers[words[1]]
                        if words[0] == "stop" and target.sock is not None:
                            sel.unregister(target.sock)
                            target.close()
                        elif words[0] == "start" and target.sock is None:
                            target.open()
                            sel.register(target.sock, selectors.EVENT_READ, target)
                        elif words[0] == "status":
                            target.status = int(words[2])
                    except (IndexError, KeyError, ValueError, OSError) as e:
                        print("servers.py: command %r: %s" % (line, e), file=sys.stderr)
                    done += 1
                    write_ack(ack, done)
            elif server.kind == "udp":
                try:
                    data, peer = server.sock.recvfrom(65535)
                    server.sock.sendto(data, peer)
                except OSError:
                    pass
            else:
                try:
                    conn, _ = server.sock.accept()
                except OSError:
                    continue
                if server.kind == "tcp":
                    conn.close()
                else:
                    answer_http(conn, server, tls)


if __name__ == "__main__":
    sys.exit(main())
