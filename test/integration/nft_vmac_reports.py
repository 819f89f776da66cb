#!/usr/bin/env python3
"""Helper of nft_vmac_reports.sh.

  nft_vmac_reports.py capture IFNAME GROUP SECONDS
      print the Ethernet source of the first IGMP (IPv4 GROUP) or MLDv2
      (IPv6 GROUP) report naming GROUP seen on IFNAME, then exit 0; exit 1
      after SECONDS without one. Prints "ready" once listening.
  nft_vmac_reports.py join IFNAME GROUP SECONDS
      join GROUP on IFNAME (the kernel sends unsolicited reports), hold it
      SECONDS, leave.
"""
import ipaddress
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003


def report_group_match(frame, group):
    ethertype = struct.unpack("!H", frame[12:14])[0]
    if group.version == 4 and ethertype == 0x0800:
        ihl = (frame[14] & 0x0F) * 4
        if frame[14 + 9] != 2:  # IGMP
            return False
        return group.packed in frame[14 + ihl:]
    if group.version == 6 and ethertype == 0x86DD:
        nh, off = frame[14 + 6], 14 + 40
        while nh in (0, 60, 43) and off + 2 <= len(frame):  # extension headers
            nh, off = frame[off], off + (frame[off + 1] + 1) * 8
        if nh != 58 or off >= len(frame) or frame[off] != 143:  # MLDv2 report
            return False
        return group.packed in frame[off:]
    return False


def capture(ifname, group, seconds):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((ifname, 0))
    print("ready", flush=True)
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return 1
        if not select.select([s], [], [], left)[0]:
            continue
        frame, addr = s.recvfrom(65535)
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        if report_group_match(frame, group):
            print(":".join("%02x" % b for b in frame[6:12]), flush=True)
            return 0


def join(ifname, group, seconds):
    index = socket.if_nametoindex(ifname)
    if group.version == 4:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        mreqn = group.packed + socket.inet_aton("0.0.0.0") + struct.pack("@i", index)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
    else:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                     group.packed + struct.pack("@I", index))
    time.sleep(seconds)
    s.close()
    return 0


def main():
    cmd, ifname, group, seconds = sys.argv[1:5]
    group = ipaddress.ip_address(group)
    if cmd == "capture":
        return capture(ifname, group, float(seconds))
    return join(ifname, group, float(seconds))


if __name__ == "__main__":
    sys.exit(main())
