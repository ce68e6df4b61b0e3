#!/usr/bin/env python3
"""Build the fuzz seed corpora of tests/fuzz/corpus/ reproducibly.

Usage: make_seeds.py [CAPTURE_DIR]

CAPTURE_DIR holds the lab captures (README of ../shared/captures/
dhcp-clients); default $STATICHCPD_CAPTURES, else ../shared/captures/
dhcp-clients from the top of the tree or of the main checkout.  Without
it the capture seeds (cap-*) already in the corpus are kept as they are.

Seeds, one file each, named after what they are:
  frame4/, frame6/  1 control byte (FZ_CTL_* of fuzz.h) + Ethernet frame
  dhcp4/, dhcp6/    1 control byte (see fuzz_dhcp4.c, fuzz_dhcp6.c) + the
                    UDP payload
  attrval/          attribute value text
  ipc/              records as fuzz_ipc.c reads them
  config/           configuration files and attribute CSVs
cap-* come from the captures, byte for byte; A1..E17 are the cases of
../shared/bad-inputs.md (groups A-E) that are packet shapes; client-* reach
each client of fuzz_env.c's database.  Python 3 standard library only.
"""
import glob
import os
import struct
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CORPUS = os.path.join(TOP, "tests", "fuzz", "corpus")

# fuzz.h FZ_CTL_*
AUX_NONE, AUX_NOT_READY, AUX_VALID, AUX_VLAN = 0, 1, 2, 3
FIX_CSUM, MAC_AS_DUID, NO_IA_ID, RAWSOCK = 0x04, 0x08, 0x10, 0x20


def iface(n):
    return n << 6


CLIENT = bytes.fromhex("020000000010")
SERVER = bytes.fromhex("22a814ba7c05")          # tap0
BCAST = b"\xff" * 6
MCAST6 = bytes.fromhex("333300010002")
LL_CLIENT = "fe80::ff:fe00:10"
SRV_DUID = bytes.fromhex("00030001") + SERVER   # DUID-LL of tap0
COOKIE = bytes.fromhex("63825363")


def mac(last):
    return bytes.fromhex("0200000000") + bytes([last])


# --- checksums and addresses -------------------------------------------------

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s > 0xffff:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def a4(text):
    return bytes(int(x) for x in text.split("."))


def a6(text):
    head, _, tail = text.partition("::")
    h = [int(x, 16) for x in head.split(":") if x]
    t = [int(x, 16) for x in tail.split(":") if x] if "::" in text else []
    words = h + [0] * (8 - len(h) - len(t)) + t
    return struct.pack("!8H", *words)


# --- Ethernet / IPv4 / IPv6 / UDP --------------------------------------------

def eth(dst, src, ethertype, payload):
    return dst + src + struct.pack("!H", ethertype) + payload


def udp(sport, dport, payload, pseudo, length=None, cs=None):
    ulen = 8 + len(payload) if length is None else length
    hdr = struct.pack("!HHHH", sport, dport, ulen, 0)
    if cs is None:
        cs = csum(pseudo(8 + len(payload)) + hdr + payload) or 0xffff
    return struct.pack("!HHHH", sport, dport, ulen, cs) + payload


def frame4(payload, sport=68, dport=67, src="0.0.0.0",
           dst="255.255.255.255", smac=CLIENT, dmac=BCAST, ipopts=b"",
           ihl=None, total=None, frag=0, proto=17, ipcsum=None, version=4,
           ulen=None, ucsum=None, trailer=b"", ethertype=0x0800):
    s, d = a4(src), a4(dst)

    def pseudo(n):
        return s + d + struct.pack("!BBH", 0, 17, n)
    u = udp(sport, dport, payload, pseudo, ulen, ucsum)
    hl = 20 + len(ipopts)
    ihl = hl // 4 if ihl is None else ihl
    tot = hl + len(u) if total is None else total
    hdr = struct.pack("!BBHHHBBH4s4s", version << 4 | ihl, 0, tot, 0x1234,
                      frag, 64, proto, 0, s, d) + ipopts
    c = csum(hdr) if ipcsum is None else ipcsum
    hdr = hdr[:10] + struct.pack("!H", c) + hdr[12:]
    return eth(dmac, smac, ethertype, hdr + u + trailer)


def frame6(payload, sport=546, dport=547, src=LL_CLIENT, dst="ff02::1:2",
           smac=CLIENT, dmac=MCAST6, nexthdr=17, ext=b"", plen=None,
           ulen=None, ucsum=None, trailer=b""):
    s, d = a6(src), a6(dst)

    def pseudo(n):
        return s + d + struct.pack("!IxxxB", n, 17)
    u = udp(sport, dport, payload, pseudo, ulen, ucsum)
    pl = len(ext) + len(u) if plen is None else plen
    hdr = struct.pack("!IHBB16s16s", 6 << 28, pl, nexthdr, 64, s, d)
    return eth(dmac, smac, 0x86dd, hdr + ext + u + trailer)


# --- DHCPv4 --------------------------------------------------------------------

def opt(code, data=b""):
    return bytes([code, len(data)]) + data


def bootp(options, op=1, htype=1, hlen=6, hops=0, xid=0x3903f326, flags=0,
          ciaddr="0.0.0.0", yiaddr="0.0.0.0", giaddr="0.0.0.0",
          chaddr=CLIENT, sname=b"", file=b"", cookie=COOKIE, end=True):
    hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, htype, hlen, hops,
                      xid, 0, flags, a4(ciaddr), a4(yiaddr), a4("0.0.0.0"),
                      a4(giaddr), chaddr, sname, file)
    return hdr + cookie + options + (b"\xff" if end else b"")


PRL_ALL = bytes([1, 2, 3, 6, 12, 13, 15, 26, 28, 33, 40, 42, 43, 44, 45, 47,
                 69, 70, 119, 121, 150, 151, 152])


def dhcp4(mtype, chaddr=CLIENT, prl=PRL_ALL, extra=b"", **kw):
    o = opt(53, bytes([mtype])) + extra
    if prl is not None:
        o += opt(55, prl)
    return bootp(o, chaddr=chaddr, **kw)


DISCOVER = dhcp4(1)
REQUEST_SEL = dhcp4(3, extra=opt(54, a4("192.0.2.1")) +
                    opt(50, a4("192.0.2.10")))


# --- DHCPv6 --------------------------------------------------------------------

def o6(code, data=b""):
    return struct.pack("!HH", code, len(data)) + data


def duid_llt(m=CLIENT, t=0x32950b56):
    return struct.pack("!HHI", 1, 1, t) + m


def duid_ll(m=CLIENT, hw=1):
    return struct.pack("!HH", 3, hw) + m


DUID = duid_llt()
XID = b"\x5a\x1b\x2c"


def msg6(mtype, opts, xid=XID):
    return bytes([mtype]) + xid + b"".join(opts)


def iaaddr(addr, pref=3000, valid=4000, sub=b""):
    return o6(5, a6(addr) + struct.pack("!II", pref, valid) + sub)


def iaprefix(pfx, plen, pref=3000, valid=4000, sub=b""):
    return o6(26, struct.pack("!IIB", pref, valid, plen) + a6(pfx) + sub)


def ia_na(iaid, sub=b"", t1=0, t2=0):
    return o6(3, struct.pack("!III", iaid, t1, t2) + sub)


def ia_ta(iaid, sub=b""):
    return o6(4, struct.pack("!I", iaid) + sub)


def ia_pd(iaid, sub=b"", t1=0, t2=0):
    return o6(25, struct.pack("!III", iaid, t1, t2) + sub)


ORO_ALL = [23, 24, 31, 39, 21, 22, 64, 82, 83, 44, 12, 40, 41, 42, 43, 6]


def oro(codes=ORO_ALL):
    return o6(6, b"".join(struct.pack("!H", c) for c in codes))


def solicit(duid=DUID, extra=(), rapid=False):
    o = [o6(1, duid), o6(8, b"\0\0"), oro(), ia_na(0x10), ia_na(1),
         ia_ta(7), ia_pd(1), ia_pd(0x10)] + list(extra)
    if rapid:
        o.append(o6(14))
    return msg6(1, o)


def request6(mtype=3, duid=DUID, server=SRV_DUID, ias=None, extra=()):
    if ias is None:
        ias = [ia_na(0x10, iaaddr("2001:db8:1::11")),
               ia_na(1, iaaddr("2001:db8:1::12")),
               ia_pd(1, iaprefix("2001:db8:100:1300::", 56))]
    o = [o6(1, duid)]
    if server is not None:
        o.append(o6(2, server))
    return msg6(mtype, o + [o6(8, b"\0\0"), oro()] + ias + list(extra))


def relay(inner, hop=0, link="::", peer=LL_CLIENT, iface_id=None,
          lladdr=None, extra=()):
    o = []
    if iface_id is not None:
        o.append(o6(18, iface_id))
    if lladdr is not None:
        o.append(o6(79, lladdr))
    o += list(extra)
    o.append(o6(9, inner))
    return bytes([12, hop]) + a6(link) + a6(peer) + b"".join(o)


# --- writing -------------------------------------------------------------------

written = {}


def put(sub, name, data):
    d = os.path.join(CORPUS, sub)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, name)
    assert path not in written, path
    written[path] = True
    with open(path, "wb") as f:
        f.write(data)


def seed4(name, payload, ctl=0, dctl=0, frame=True, pure=True, **kw):
    """A DHCPv4 case: as a frame (frame4/) and as a payload (dhcp4/)."""
    if frame:
        f = frame4(payload, **kw)
        assert len(f) <= 1518, name
        put("frame4", name + ".frame", bytes([ctl]) + f)
    if pure:
        put("dhcp4", name + ".dhcp4", bytes([dctl]) + payload)


def seed6(name, payload, ctl=0, dctl=0, frame=True, pure=True, **kw):
    """A DHCPv6 case: as a frame (frame6/) and as a payload (dhcp6/)."""
    if frame:
        f = frame6(payload, **kw)
        assert len(f) <= 1518, name
        put("frame6", name + ".frame", bytes([ctl]) + f)
    if pure:
        put("dhcp6", name + ".dhcp6", bytes([dctl]) + payload)


def raw4(name, f, ctl=0):
    put("frame4", name + ".frame", bytes([ctl]) + f)


def raw6(name, f, ctl=0):
    put("frame6", name + ".frame", bytes([ctl]) + f)


# --- the captures --------------------------------------------------------------

def pcap_frames(path):
    d = open(path, "rb").read()
    magic, _, _, _, _, _, linktype = struct.unpack("<IHHiIII", d[:24])
    assert magic == 0xA1B2C3D4 and linktype == 1, path
    off = 24
    while off < len(d):
        _, _, incl, orig = struct.unpack("<IIII", d[off:off + 16])
        off += 16
        assert incl == orig, path
        yield d[off:off + incl]
        off += incl


NAMES4 = {1: "discover", 3: "request", 4: "decline", 7: "release",
          8: "inform"}
NAMES6 = {1: "solicit", 3: "request", 4: "confirm", 5: "renew", 6: "rebind",
          8: "release", 9: "decline", 11: "inforeq", 12: "relay"}


def udp_ok(f):
    """The UDP checksum as captured: a locally sent frame on a veth has
    it unfilled, and the kernel then says CSUMNOTREADY."""
    if f[12:14] == b"\x08\x00":
        ihl = (f[14] & 15) * 4
        tot = struct.unpack("!H", f[16:18])[0]
        u = f[14 + ihl:14 + tot]
        if u[6:8] == b"\0\0":
            return True
        ps = f[26:34] + struct.pack("!BBH", 0, 17, len(u))
    else:
        plen = struct.unpack("!H", f[18:20])[0]
        u = f[54:54 + plen]
        ps = f[22:54] + struct.pack("!IxxxB", len(u), 17)
    return csum(ps + u) == 0


def v4_type(p):
    i = 240
    while i < len(p) and p[i] != 255:
        if p[i] == 0:
            i += 1
            continue
        if p[i] == 53:
            return p[i + 2]
        i += 2 + p[i + 1]
    return 0


def captures(src):
    for path in sorted(glob.glob(os.path.join(src, "*.pcap"))):
        base = os.path.basename(path)[:-5]
        n = 0
        for f in pcap_frames(path):
            ctl = AUX_NONE if udp_ok(f) else AUX_NOT_READY
            if f[12:14] == b"\x08\x00":
                ihl = (f[14] & 15) * 4
                sport, dport = struct.unpack("!HH", f[14 + ihl:18 + ihl])
                if dport != 67:
                    continue
                p = f[14 + ihl + 8:]
                n += 1
                name = "cap-%s-%d-%s" % (base, n, NAMES4.get(v4_type(p), "x"))
                put("frame4", name + ".frame", bytes([ctl]) + f)
                put("dhcp4", name + ".dhcp4", b"\0" + p)
            else:
                sport, dport = struct.unpack("!HH", f[54:58])
                if dport != 547:
                    continue
                p = f[62:]
                n += 1
                name = "cap-%s-%d-%s" % (base, n, NAMES6.get(p[0], "x"))
                put("frame6", name + ".frame", bytes([ctl]) + f)
                put("dhcp6", name + ".dhcp6", b"\0" + p)


def capture_dir(argv):
    cands = argv[1:2] + [os.environ.get("STATICHCPD_CAPTURES", "")]
    for top in (TOP, "/work/main"):
        cands.append(os.path.join(top, "..", "shared", "captures",
                                  "dhcp-clients"))
    for c in cands:
        if c and glob.glob(os.path.join(c, "*.pcap")):
            return c
    return None


# --- group A: Ethernet / IP / UDP ------------------------------------------------

def group_a():
    good = frame4(DISCOVER)
    raw4("A1-short-13-bytes", good[:13])
    raw4("A1-header-only-14-bytes", good[:14])
    raw4("A1-empty", b"")
    raw6("A1-short-v6-header", frame6(solicit())[:40])
    tagged = good[:12] + b"\x81\x00\x00\x64" + good[12:]
    raw4("A2-8021q-tagged", tagged)
    raw4("A2-qinq-tagged", good[:12] + b"\x88\xa8\x00\x0a\x81\x00\x00\x64" +
         good[12:])
    raw4("A2-vlan-in-auxdata", good, AUX_VLAN)
    raw6("A2-vlan-in-auxdata-v6", frame6(solicit()), AUX_VLAN)
    raw4("A3-ihl-4", frame4(DISCOVER, ihl=4))
    raw4("A3-ihl-0", frame4(DISCOVER, ihl=0))
    raw4("A3-ihl-over-total", frame4(DISCOVER, ihl=15, total=40))
    ra = b"\x94\x04\x00\x00"
    raw4("A3-ip-options-ihl-6", frame4(DISCOVER, ipopts=ra))
    raw4("A3-ip-options-ihl-15", frame4(DISCOVER, ipopts=ra + b"\x01" * 36))
    raw4("A3-ip-version-6-in-ipv4", frame4(DISCOVER, version=6))
    n = len(DISCOVER) + 28
    raw4("A4-total-over-captured", frame4(DISCOVER, total=n + 1))
    raw4("A4-total-under-28", frame4(DISCOVER, total=27))
    raw4("A4-total-under-ihl-plus-8", frame4(DISCOVER, ipopts=ra, total=31))
    raw4("A4-ethernet-padding", frame4(DISCOVER, trailer=b"\0" * 18))
    raw4("A4-total-65535", frame4(DISCOVER, total=65535))
    raw4("A5-fragment-more-fragments", frame4(DISCOVER, frag=0x2000))
    raw4("A5-fragment-offset", frame4(DISCOVER, frag=0x0010))
    raw4("A5-dont-fragment-ok", frame4(DISCOVER, frag=0x4000))
    raw4("A5-not-udp", frame4(DISCOVER, proto=6))
    raw4("A6-udp-length-under-8", frame4(DISCOVER, ulen=7))
    raw4("A6-udp-length-over-payload", frame4(DISCOVER, ulen=n - 20 + 1))
    raw4("A6-udp-length-mismatch", frame4(DISCOVER, ulen=n - 20 - 100))
    raw6("A6-udp-length-mismatch-v6", frame6(solicit(), ulen=20))
    raw4("A7-bad-udp-checksum", frame4(DISCOVER, ucsum=0x1234))
    raw4("A7-zero-udp-checksum-v4", frame4(DISCOVER, ucsum=0))
    raw4("A7-bad-ip-header-checksum", frame4(DISCOVER, ipcsum=0x1234))
    raw4("A7-bad-checksum-csum-not-ready",
         frame4(DISCOVER, ucsum=0x1234), AUX_NOT_READY)
    raw4("A7-bad-checksum-csum-valid", frame4(DISCOVER, ucsum=0x1234),
         AUX_VALID)
    raw4("A7-bad-checksums-harness-fixes", frame4(DISCOVER, ucsum=0x1234,
                                                  ipcsum=0x1234), FIX_CSUM)
    raw6("A7-zero-udp-checksum-v6", frame6(solicit(), ucsum=0))
    raw6("A7-bad-udp-checksum-v6", frame6(solicit(), ucsum=0x1234))
    raw6("A7-bad-checksum-v6-csum-valid", frame6(solicit(), ucsum=0x1234),
         AUX_VALID)
    hbh = bytes([17, 0]) + b"\x01\x04\0\0\0\0"
    raw6("A8-hop-by-hop-header", frame6(solicit(), nexthdr=0, ext=hbh))
    fragh = bytes([17, 0, 0, 1]) + b"\0\0\0\x01"
    raw6("A8-fragment-header", frame6(solicit(), nexthdr=44, ext=fragh))
    s6 = solicit()
    raw6("A8-payload-length-over-frame", frame6(s6, plen=len(s6) + 9))
    raw6("A8-payload-length-under-frame", frame6(s6, plen=len(s6) + 7))
    raw6("A8-trailing-bytes-after-payload", frame6(s6, trailer=b"\0" * 6))
    raw6("A8-not-version-6", frame6(s6)[:14] + b"\x40" + frame6(s6)[15:])
    raw4("A9-dport-68", frame4(DISCOVER, dport=68))
    raw4("A9-sport-not-68", frame4(DISCOVER, sport=1234))
    raw4("A9-dport-547-on-ipv4", frame4(DISCOVER, dport=547))
    raw6("A9-dport-546", frame6(solicit(), dport=546))
    raw6("A9-sport-not-546", frame6(solicit(), sport=4000))
    raw6("A9-dport-67-on-ipv6", frame6(solicit(), dport=67))
    raw4("A10-src-mac-not-chaddr", frame4(DISCOVER, smac=mac(0x99)))
    raw6("A10-src-mac-not-duid-mac", frame6(solicit(), smac=mac(0x99)))
    raw6("A10-src-mac-not-duid-mac-mac-as-duid",
         frame6(solicit(), smac=mac(0x99)), MAC_AS_DUID)
    raw6("A10-mac-as-duid-known-mac", frame6(solicit()), MAC_AS_DUID)
    raw4("A10-ethertype-arp", frame4(DISCOVER, ethertype=0x0806))


# --- group B: BOOTP header ------------------------------------------------------

def group_b():
    seed4("B1-payload-235", DISCOVER[:235])
    seed4("B1-payload-236", DISCOVER[:236])
    seed4("B1-payload-239", DISCOVER[:239])
    seed4("B1-payload-240-no-options", DISCOVER[:240])
    seed4("B2-bad-cookie", dhcp4(1, cookie=b"\x63\x82\x53\x64"))
    seed4("B2-plain-bootp-zero-cookie", bootp(b"", cookie=b"\0\0\0\0",
                                             end=False))
    seed4("B3-op-bootreply", dhcp4(1, op=2))
    seed4("B3-op-0", dhcp4(1, op=0))
    seed4("B4-htype-6", dhcp4(1, htype=6))
    seed4("B4-hlen-16", dhcp4(1, hlen=16))
    seed4("B4-hlen-17", dhcp4(1, hlen=17))
    seed4("B4-hlen-0", dhcp4(1, hlen=0))
    seed4("B4-hlen-255", dhcp4(1, hlen=255))
    relayed = dict(sport=67, src="192.0.2.254", dst="192.0.2.1",
                   smac=mac(0xfe), dmac=SERVER)
    r82 = opt(82, opt(1, b"eth0/1") + opt(2, b"remote"))
    seed4("B5-relayed-giaddr", dhcp4(1, extra=r82, giaddr="192.0.2.254"),
          **relayed)
    seed4("B5-relayed-request", dhcp4(3, extra=r82 + opt(54, a4("192.0.2.1"))
                                      + opt(50, a4("192.0.2.10")),
                                      giaddr="192.0.2.254"), **relayed)
    seed4("B5-relayed-rawsock", dhcp4(1, extra=r82, giaddr="192.0.2.254"),
          ctl=RAWSOCK, **relayed)
    seed4("B5-relayed-nak-rawsock", dhcp4(3, extra=opt(50, a4("192.0.2.77")),
                                          giaddr="192.0.2.254"),
          ctl=RAWSOCK, **relayed)
    seed4("B5-relayed-with-option-3-decoy",
          dhcp4(1, extra=opt(3, a4("203.0.113.1")), giaddr="192.0.2.254"),
          **relayed)
    seed4("B6-hops-17", dhcp4(1, hops=17))
    seed4("B6-hops-16", dhcp4(1, hops=16))
    seed4("B6-hops-255", dhcp4(1, hops=255))
    body = opt(55, PRL_ALL) + b"\xff"
    seed4("B7-overload-file", bootp(opt(53, b"\x01") + opt(52, b"\x01"),
                                    file=body))
    seed4("B7-overload-sname", bootp(opt(53, b"\x01") + opt(52, b"\x02"),
                                     sname=opt(57, b"\x05\xc0") + b"\xff"))
    seed4("B7-overload-both", bootp(opt(53, b"\x01") + opt(52, b"\x03"),
                                    file=opt(55, b"\x01\x03") + b"\xff",
                                    sname=opt(55, b"\x06\x79") + b"\xff"))
    seed4("B7-overload-inside-overload",
          bootp(opt(53, b"\x01") + opt(52, b"\x01"),
                file=opt(52, b"\x03") + body))
    seed4("B7-overload-0", bootp(opt(53, b"\x01") + opt(52, b"\x00")))
    seed4("B7-overload-4", bootp(opt(53, b"\x01") + opt(52, b"\x04")))
    seed4("B7-overload-length-2", bootp(opt(53, b"\x01") +
                                        opt(52, b"\x01\x01")))
    seed4("B7-overload-twice", bootp(opt(53, b"\x01") + opt(52, b"\x01") +
                                     opt(52, b"\x01")))
    seed4("B7-overload-file-without-end",
          bootp(opt(53, b"\x01") + opt(52, b"\x01"),
                file=opt(55, b"\x01" * 126)))
    seed4("B7-overload-file-option-past-end",
          bootp(opt(53, b"\x01") + opt(52, b"\x01"),
                file=b"\x00" * 125 + b"\x37\x09\x01"))
    seed4("B7-message-type-only-in-file",
          bootp(opt(52, b"\x01"), file=opt(53, b"\x01") + body))
    seed4("B8-broadcast-flag", dhcp4(1, flags=0x8000))
    seed4("B8-flags-clear", dhcp4(1))
    seed4("B8-unicast-renew-ciaddr", dhcp4(3, ciaddr="192.0.2.10"),
          src="192.0.2.10", dst="192.0.2.1", dmac=SERVER)
    seed4("B8-unicast-renew-rawsock", dhcp4(3, ciaddr="192.0.2.10"),
          ctl=RAWSOCK, src="192.0.2.10", dst="192.0.2.1", dmac=SERVER)
    seed4("B8-init-reboot", dhcp4(3, extra=opt(50, a4("192.0.2.10"))))
    seed4("B8-broadcast-flag-request", dhcp4(3, flags=0x8000, extra=opt(
        54, a4("192.0.2.1")) + opt(50, a4("192.0.2.10"))))


# --- group C: DHCPv4 options -----------------------------------------------------

def group_c():
    d = opt(53, b"\x01")
    seed4("C1-code-last-byte", bootp(d + b"\x37", end=False))
    seed4("C1-code-last-byte-after-pad", bootp(d + b"\0\0\x0c", end=False))
    seed4("C2-length-past-end", bootp(d + b"\x0c\x40guest", end=False))
    seed4("C2-length-255-at-end", bootp(d + b"\x37\xff\x01", end=False))
    seed4("C3-no-end", bootp(d + opt(55, PRL_ALL), end=False))
    seed4("C3-data-after-end", bootp(d + opt(55, PRL_ALL) + b"\xff" +
                                     b"\x35\x01\x03" + b"\xab" * 40,
                                     end=False))
    seed4("C3-all-pad", bootp(b"\0" * 60, end=False))
    seed4("C3-pad-then-end", bootp(b"\0" * 60))
    seed4("C4-no-message-type", bootp(opt(55, PRL_ALL)))
    seed4("C4-message-type-length-0", bootp(opt(53)))
    seed4("C4-message-type-length-2", bootp(opt(53, b"\x01\x01")))
    seed4("C4-message-type-0", dhcp4(0))
    seed4("C4-message-type-18", dhcp4(18))
    seed4("C4-message-type-19", dhcp4(19))
    seed4("C4-message-type-conflicting", dhcp4(1, extra=opt(53, b"\x03")))
    seed4("C4-message-type-repeated-same", dhcp4(1, extra=opt(53, b"\x01")))
    for t, n in ((2, "offer"), (4, "decline"), (5, "ack"), (6, "nak"),
                 (7, "release"), (8, "inform"), (9, "forcerenew"),
                 (13, "leasequery")):
        seed4("C4-message-type-%d-%s" % (t, n), dhcp4(t))
    seed4("C5-client-id-length-0", dhcp4(1, extra=opt(61)))
    seed4("C5-client-id-length-1", dhcp4(1, extra=opt(61, b"\x01")))
    seed4("C5-client-id-length-255", dhcp4(1, extra=opt(61, b"\x01" * 255)))
    seed4("C5-client-id-rfc4361-short-duid",
          dhcp4(1, extra=opt(61, b"\xff\x00\x00\x00\x10\x00\x01")))
    seed4("C5-client-id-rfc4361",
          dhcp4(1, extra=opt(61, b"\xff\x00\x00\x00\x10" + DUID)))
    seed4("C5-client-id-split-over-255", dhcp4(1, extra=opt(
        61, b"\x01" * 200) + opt(61, b"\x02" * 100)))
    seed4("C6-prl-length-0", dhcp4(1, prl=b""))
    seed4("C6-prl-255-entries", dhcp4(1, prl=bytes(range(1, 256))))
    seed4("C6-prl-duplicates", dhcp4(1, prl=bytes([1, 3, 3, 6, 1, 121, 121,
                                                   119, 119, 6])))
    seed4("C6-prl-0-255-unknown", dhcp4(1, prl=bytes([0, 255, 250, 224,
                                                      53, 54, 51, 82])))
    seed4("C6-prl-split-510", dhcp4(1, prl=bytes(range(1, 256)),
                                   extra=opt(55, bytes(range(1, 256)))))
    seed4("C6-prl-split-512", dhcp4(1, prl=bytes(range(1, 256)),
                                   extra=opt(55, bytes(range(255))) +
                                   opt(55, b"\x01\x03")))
    seed4("C6-prl-split-513", dhcp4(1, prl=bytes(range(1, 256)),
                                   extra=opt(55, bytes(range(255))) +
                                   opt(55, b"\x01\x03\x06")))
    for v, n in ((b"\x02\x3f", "575"), (b"\x00\x00", "0"), (b"\x00\x01", "1"),
                 (b"\xff\xff", "65535"), (b"\x05\xc0", "1472"),
                 (b"\x02\x40", "576"), (b"\x05\xdc", "1500")):
        seed4("C7-max-size-" + n, dhcp4(1, extra=opt(57, v)))
    seed4("C7-max-size-odd-length", dhcp4(1, extra=opt(57, b"\x05\xc0\x00")))
    seed4("C7-max-size-length-1", dhcp4(1, extra=opt(57, b"\x05")))
    relayed = dict(giaddr="192.0.2.254")
    rel_frame = dict(sport=67, src="192.0.2.254", dst="192.0.2.1",
                     smac=mac(0xfe), dmac=SERVER)
    seed4("C8-relay-info-255", dhcp4(1, extra=opt(82, opt(1, b"x" * 253)),
                                     **relayed), **rel_frame)
    seed4("C8-relay-subopt-overflow", dhcp4(1, extra=opt(
        82, b"\x01\x10short"), **relayed), **rel_frame)
    seed4("C8-relay-info-two-instances", dhcp4(1, extra=opt(
        82, opt(1, b"a" * 200)) + opt(82, opt(2, b"b" * 200)), **relayed),
        **rel_frame)
    seed4("C8-relay-info-split-suboption", dhcp4(1, extra=opt(
        82, b"\x01\x80" + b"a" * 100) + opt(82, b"b" * 28), **relayed),
        **rel_frame)
    seed4("C8-relay-info-not-relayed", dhcp4(1, extra=opt(82, opt(1, b"x"))))
    seed4("C8-relay-info-length-0", dhcp4(1, extra=opt(82), **relayed),
          **rel_frame)
    seed4("C9-split-hostname-over-255", dhcp4(1, extra=opt(
        12, b"h" * 255) + opt(12, b"h" * 100)))
    seed4("C9-split-client-id-over-cap", dhcp4(1, extra=opt(
        61, b"\x01" * 255) + opt(61, b"\x01")))
    seed4("C9-split-prl-in-three", dhcp4(1, prl=bytes([1, 3]), extra=opt(
        55, bytes([6, 12])) + opt(55, bytes([119, 121]))))
    seed4("C10-hostname-empty", dhcp4(1, extra=opt(12)))
    seed4("C10-hostname-nul-inside", dhcp4(1, extra=opt(12, b"gue\0st")))
    seed4("C10-hostname-non-printable", dhcp4(1, extra=opt(
        12, b"\x1b[31m\x07;rm -rf /;\n")))
    seed4("C10-hostname-label-64", dhcp4(1, extra=opt(12, b"a" * 64)))
    seed4("C10-fqdn-81-label-over-63", dhcp4(1, extra=opt(
        81, b"\x05\0\0" + b"\x40" + b"a" * 64 + b"\0")))
    seed4("C10-fqdn-81-compression-loop", dhcp4(1, extra=opt(
        81, b"\x05\0\0\xc0\x03")))
    seed4("C10-fqdn-81-empty", dhcp4(1, extra=opt(81)))
    seed4("C10-fqdn-81-sanitises-empty", dhcp4(1, extra=opt(
        81, b"\x01\0\0\x01\x01\x01\xff\0")))
    seed4("C11-requested-ip-length-3", dhcp4(3, extra=opt(50, b"\xc0\0\x02")))
    seed4("C11-requested-ip-length-5", dhcp4(3, extra=opt(
        50, b"\xc0\0\x02\x0a\0")))
    seed4("C11-server-id-length-2", dhcp4(3, extra=opt(54, b"\xc0\0")))
    seed4("C11-server-id-length-16", dhcp4(3, extra=opt(54, b"\xc0" * 16)))
    seed4("C11-server-id-conflicting", dhcp4(3, extra=opt(
        54, a4("192.0.2.1")) + opt(54, a4("192.0.2.2"))))
    seed4("C12-request-other-server", dhcp4(3, extra=opt(
        54, a4("192.0.2.99")) + opt(50, a4("192.0.2.10"))))
    seed4("C12-request-selecting-ours", REQUEST_SEL)
    seed4("C12-request-selecting-with-ciaddr", dhcp4(3, extra=opt(
        54, a4("192.0.2.1")) + opt(50, a4("192.0.2.10")), ciaddr="192.0.2.10"))
    seed4("C13-init-reboot-wrong-address", dhcp4(3, extra=opt(
        50, a4("192.0.2.77"))))
    seed4("C13-renew-wrong-ciaddr", dhcp4(3, ciaddr="192.0.2.77"),
          src="192.0.2.77", dst="192.0.2.1", dmac=SERVER)
    seed4("C13-request-nothing", dhcp4(3))
    seed4("C13-selecting-wrong-address", dhcp4(3, extra=opt(
        54, a4("192.0.2.1")) + opt(50, a4("192.0.2.77"))))
    seed4("C14-vendor-43-inner-overflow", dhcp4(1, extra=opt(
        43, b"\x01\x20abc")))
    seed4("C14-vivc-124-truncated", dhcp4(1, extra=opt(
        124, b"\0\0\x0d\xe9\x10ab")))
    seed4("C14-vivso-125-inner-too-long", dhcp4(1, extra=opt(
        125, b"\0\0\x0d\xe9\x05\x01\x20x")))
    seed4("C15-unicast-request-unknown-mac",
          dhcp4(3, chaddr=mac(0x77), ciaddr="192.0.2.77"),
          src="192.0.2.77", dst="192.0.2.1", smac=mac(0x77), dmac=SERVER)
    seed4("C15-unicast-request-mac-on-other-iface",
          dhcp4(3, ciaddr="192.0.2.10"), ctl=iface(2),
          src="192.0.2.10", dst="192.0.2.1", dmac=SERVER)
    seed4("C15-discover-mac-on-other-iface", DISCOVER, ctl=iface(2))
    seed4("C16-decline-no-requested-ip", dhcp4(4, extra=opt(
        54, a4("192.0.2.1"))))
    seed4("C16-decline", dhcp4(4, extra=opt(54, a4("192.0.2.1")) +
                               opt(50, a4("192.0.2.10"))))
    seed4("C16-release-no-ciaddr", dhcp4(7, extra=opt(54, a4("192.0.2.1"))))
    seed4("C16-release", dhcp4(7, ciaddr="192.0.2.10", extra=opt(
        54, a4("192.0.2.1"))), src="192.0.2.10", dst="192.0.2.1", dmac=SERVER)
    seed4("C16-inform-no-ciaddr", dhcp4(8))
    seed4("C16-inform", dhcp4(8, ciaddr="192.0.2.10"), src="192.0.2.10",
          dst="192.0.2.1", dmac=SERVER)
    seed4("C16-inform-rawsock", dhcp4(8, ciaddr="192.0.2.10"), ctl=RAWSOCK,
          src="192.0.2.10", dst="192.0.2.1", dmac=SERVER)
    seed4("C17-discover-rapid-commit", dhcp4(1, extra=opt(80)))
    seed4("C17-rapid-commit-length-1", dhcp4(1, extra=opt(80, b"\x01")))
    big = opt(57, b"\x05\xc0")
    seed4("C18-huge-client-576", dhcp4(1, chaddr=mac(0x15)),
          smac=mac(0x15), dctl=2)
    seed4("C18-huge-client-1472", dhcp4(1, chaddr=mac(0x15), extra=big),
          smac=mac(0x15), dctl=2)
    seed4("C18-huge-client-request-1472",
          dhcp4(3, chaddr=mac(0x15), extra=big + opt(54, a4("192.0.2.1")) +
                opt(50, a4("192.0.2.15"))), smac=mac(0x15), dctl=2)
    seed4("C18-routes-and-search-1472", dhcp4(1, prl=bytes([121, 119, 33, 6]),
                                            extra=big))
    seed4("C18-routes-and-search-576", dhcp4(1, prl=bytes([121, 119, 33, 6])))
    seed4("C19-udhcpc-default-prl", dhcp4(1, prl=bytes([1, 3, 6, 12, 15, 28,
                                                        42])))
    seed4("C19-networkd-prl", dhcp4(1, prl=bytes([1, 3, 6, 12, 15, 26, 33,
                                                  42, 120, 121])))
    seed4("C19-no-prl", dhcp4(1, prl=None))


# --- DHCPv4: every database client ---------------------------------------------

def clients4():
    # (chaddr, receiving iface, dhcp4 client, name)
    for last, ifn, dctl, name in (
            (0x10, 1, 0, "on-tap1-second-network"),
            (0x11, 1, 0, "two-ifaces-one-group"),
            (0x12, 1, 0, "grouped-no-server-id"),
            (0x13, 1, 0, "server-iface-not-served"),
            (0x14, 0, 1, "options-only"),
            (0x15, 0, 2, "huge"),
            (0x16, 2, 3, "grouped-served-from-tap1"),
            (0x17, 0, 0, "more-rows-than-kept"),
            (0x77, 0, 3, "unknown")):
        m = mac(last)
        net = "198.51.100." if ifn else "192.0.2."
        addr = net + "%x" % last
        sid = opt(54, a4(net + "1"))
        seed4("client-%02x-%s-discover" % (last, name),
              dhcp4(1, chaddr=m), ctl=iface(ifn), dctl=dctl, smac=m)
        seed4("client-%02x-%s-request" % (last, name),
              dhcp4(3, chaddr=m, extra=sid + opt(50, a4(addr))),
              ctl=iface(ifn), dctl=dctl, smac=m)
        seed4("client-%02x-%s-inform-rawsock" % (last, name),
              dhcp4(8, chaddr=m, ciaddr=addr), ctl=iface(ifn) | RAWSOCK,
              dctl=dctl, smac=m, src=addr, dst=net + "1", dmac=SERVER)
    for lease in (b"\0\0\0\0", b"\0\0\x0e\x10", b"\xff\xff\xff\xff",
                  b"\0\0\x1c\x21"):
        seed4("client-10-lease-hint-%s" % lease.hex(),
              dhcp4(1, extra=opt(51, lease)))
    seed4("client-10-lease-hint-length-3", dhcp4(1, extra=opt(51, b"\0\0\1")))


# --- group D: DHCPv6 message and relay layer --------------------------------------

def group_d():
    s = solicit()
    seed6("D1-payload-0", b"")
    seed6("D1-payload-3", s[:3])
    seed6("D1-payload-4-header-only", s[:4])
    seed6("D1-payload-5", s[:5])
    for t, n in ((2, "advertise"), (7, "reply"), (10, "reconfigure"),
                 (13, "relay-repl"), (0, "type-0"), (14, "leasequery"),
                 (35, "type-35"), (36, "type-36"), (255, "type-255")):
        seed6("D2-%s" % n, bytes([t]) + s[1:])
    r = relay(s)
    seed6("D3-relay-forw-33-bytes", r[:33])
    seed6("D3-relay-forw-header-only", r[:34])
    seed6("D3-relay-no-relay-msg", r[:34] + o6(18, b"eth0"))
    seed6("D3-relay-empty-relay-msg", r[:34] + o6(9))
    seed6("D3-relay-two-relay-msgs", r[:34] + o6(9, s) + o6(9, s))
    seed6("D3-relay-valid", r)
    seed6("D3-relay-valid-interface-id", relay(s, iface_id=b"port-7"))
    seed6("D3-relay-inner-is-reply", relay(bytes([7]) + s[1:]))
    seed6("D3-relay-request-ours", relay(request6()))
    seed6("D3-relay-inner-information-request",
          relay(msg6(11, [o6(1, DUID), oro()])))
    seed6("D4-relay-msg-length-over", r[:34] + struct.pack("!HH", 9,
                                                           len(s) + 50) + s)
    seed6("D4-inner-relay-msg-length-over",
          relay(s[:0] + bytes([12, 0]) + a6("::") + a6(LL_CLIENT) +
                struct.pack("!HH", 9, 200) + s))
    x = s
    for depth in range(1, 34):
        x = relay(x, hop=depth - 1)
        if depth in (2, 8, 31, 32, 33):
            seed6("D5-relay-nesting-%d" % depth, x)
    x = s
    for depth in range(33):
        x = relay(x)
    seed6("D5-relay-nesting-33-hop-count-0", x)
    x = msg6(11, [o6(1, DUID)])
    for depth in range(32):
        x = relay(x, hop=depth)
    seed6("D5-relay-nesting-32-small-reply", x)
    seed6("D5-relay-hop-count-31", relay(s, hop=31))
    seed6("D5-relay-hop-count-32", relay(s, hop=32))
    seed6("D5-relay-hop-count-255", relay(s, hop=255))
    ll = struct.pack("!H", 1) + CLIENT
    seed6("D6-lladdr-valid", relay(s, lladdr=ll))
    seed6("D6-lladdr-valid-mac-as-duid", relay(s, lladdr=ll),
          ctl=MAC_AS_DUID)
    seed6("D6-no-lladdr-mac-as-duid", relay(s), ctl=MAC_AS_DUID)
    seed6("D6-lladdr-19-bytes", relay(s, lladdr=ll + b"\0" * 11),
          ctl=MAC_AS_DUID)
    seed6("D6-lladdr-7-bytes", relay(s, lladdr=ll[:7]), ctl=MAC_AS_DUID)
    seed6("D6-lladdr-type-6", relay(s, lladdr=b"\0\x06" + CLIENT),
          ctl=MAC_AS_DUID)
    seed6("D6-lladdr-only-outer-relay", relay(relay(s), lladdr=ll),
          ctl=MAC_AS_DUID)
    seed6("D6-lladdr-inner-relay", relay(relay(s, lladdr=ll)),
          ctl=MAC_AS_DUID)
    seed6("D7-interface-id-0", relay(s, iface_id=b""))
    seed6("D7-interface-id-large", relay(s, iface_id=b"i" * 1200))
    seed6("D7-interface-id-fills-reply", relay(s, iface_id=b"i" * 1000))
    seed6("D7-remote-id-0", relay(s, extra=[o6(37)]))
    seed6("D7-remote-id-large", relay(s, extra=[o6(37, b"\0\0\x0d\xe9" +
                                                   b"r" * 1200)]))
    seed6("D7-interface-id-3000-pure", relay(s, iface_id=b"i" * 3000),
          frame=False)
    seed6("D8-option-header-1-byte", s + b"\x00")
    seed6("D8-option-header-3-bytes", s + b"\x00\x01\x00")
    seed6("D8-option-length-over", s + struct.pack("!HH", 1, 200) + DUID)
    seed6("D8-trailing-garbage", s + b"\xde\xad")
    seed6("D8-relay-option-header-truncated", r + b"\x00\x12")
    seed6("D9-global-source", s, src="2001:db8:1::10")
    seed6("D9-unicast-request-no-unicast-option", request6(),
          src="2001:db8:1::10", dst="2001:db8:1::1", dmac=SERVER)
    seed6("D9-unicast-request-mac-as-duid-unicast-configured", request6(),
          ctl=MAC_AS_DUID, dctl=1 | 8, src="2001:db8:1::110",
          dst="2001:db8:1::1", dmac=SERVER)
    seed6("D9-unicast-renew", request6(5), dctl=8, src="2001:db8:1::10",
          dst="2001:db8:1::1", dmac=SERVER)


# --- group E: DHCPv6 options, identities, IAs --------------------------------------

def group_e():
    seed6("E1-solicit-no-client-id", msg6(1, [oro(), ia_na(1)]))
    seed6("E1-request-no-client-id", msg6(3, [o6(2, SRV_DUID), ia_na(1)]))
    seed6("E1-renew-no-client-id", msg6(5, [o6(2, SRV_DUID), ia_na(1)]))
    for n, d in (("0", b""), ("1", b"\x01"), ("2", b"\0\x01"),
                 ("129", b"\0\x02" + b"\x01" * 127),
                 ("128", b"\0\x02" + b"\x01" * 126),
                 ("000000", b"\0\0\0")):
        seed6("E2-client-id-" + n, solicit(duid=d))
    seed6("E2-client-id-repeated", solicit(extra=[o6(1, DUID)]))
    seed6("E3-duid-ll-hw-6", solicit(duid=duid_ll(hw=6)))
    seed6("E3-duid-ll-hw-6-5-byte-mac", solicit(duid=duid_ll(hw=6)[:-1]))
    seed6("E3-duid-llt-5-byte-mac", solicit(duid=duid_llt()[:-1]))
    seed6("E3-duid-llt-no-mac", solicit(duid=duid_llt()[:8]))
    seed6("E3-duid-ll-7-byte-mac", solicit(duid=duid_ll() + b"\x01"))
    seed6("E3-duid-ll-hw-0", solicit(duid=duid_ll(hw=0)))
    seed6("E3-duid-en", solicit(duid=bytes.fromhex(
        "00020000ab110001020304050607")))
    seed6("E3-duid-en-odd-length", solicit(duid=bytes.fromhex(
        "00020000ab1100010203040506")))
    seed6("E3-duid-uuid", solicit(duid=bytes.fromhex(
        "000400112233445566778899aabbccddeeff")))
    seed6("E3-duid-type-65535", solicit(duid=b"\xff\xff\x01\x02"))
    seed6("E3-duid-ll-known-other-client", solicit(duid=duid_ll(mac(0x12))),
          ctl=iface(1))
    seed6("E4-solicit-with-server-id", solicit(extra=[o6(2, SRV_DUID)]))
    seed6("E4-request-wrong-server-id", request6(server=duid_ll(mac(0x99))))
    seed6("E4-request-server-id-length-0", request6(server=b""))
    seed6("E4-request-server-id-length-129",
          request6(server=b"\0\x02" + b"\x01" * 127))
    seed6("E4-renew-no-server-id", request6(5, server=None))
    seed6("E4-server-id-repeated", request6(extra=[o6(2, SRV_DUID)]))
    seed6("E4-rebind-with-server-id", request6(6))
    seed6("E5-ia-na-11-bytes", request6(ias=[o6(3, b"\0" * 11)]))
    seed6("E5-ia-pd-4-bytes", request6(ias=[o6(25, b"\0\0\0\1")]))
    seed6("E5-ia-ta-3-bytes", request6(ias=[o6(4, b"\0\0\1")]))
    seed6("E5-ia-t1-over-t2", request6(ias=[ia_na(1, iaaddr(
        "2001:db8:1::12"), t1=5000, t2=100)]))
    seed6("E6-iaaddr-23-bytes", request6(ias=[ia_na(1, o6(5, b"\0" * 23))]))
    seed6("E6-iaprefix-24-bytes", request6(ias=[ia_pd(1, o6(26,
                                                            b"\0" * 24))]))
    seed6("E6-iaprefix-plen-0", request6(ias=[ia_pd(1, iaprefix(
        "2001:db8:100:1300::", 0))]))
    seed6("E6-iaprefix-plen-129", request6(ias=[ia_pd(1, iaprefix(
        "2001:db8:100:1300::", 129))]))
    seed6("E6-iaprefix-in-ia-na", request6(ias=[ia_na(1, iaprefix(
        "2001:db8:100:1300::", 56))]))
    seed6("E6-iaaddr-in-ia-pd", request6(ias=[ia_pd(1, iaaddr(
        "2001:db8:1::12"))]))
    seed6("E7-ia-in-ia", request6(ias=[ia_na(1, ia_na(2, ia_na(3)))]))
    seed6("E7-ia-in-iaaddr", request6(ias=[ia_na(1, iaaddr(
        "2001:db8:1::12", sub=ia_na(2, iaaddr("2001:db8:1::13"))))]))
    st = o6(13, b"\0\0ok")
    for _ in range(10):
        st = o6(13, b"\0\1" + st)
    seed6("E7-status-nested-10", request6(ias=[ia_na(1, iaaddr(
        "2001:db8:1::12", sub=st))]))
    many = [ia_na(i) for i in range(60)] + [ia_pd(i) for i in range(20)]
    seed6("E8-hundreds-of-ias", msg6(1, [o6(1, DUID)] + many))
    seed6("E8-many-ias-request", request6(ias=[ia_na(1, iaaddr(
        "2001:db8:1::%x" % i)) for i in range(25)]))
    seed6("E8-many-items-in-one-ia", request6(ias=[ia_na(0x10, b"".join(
        iaaddr("2001:db8:1::%x" % i) for i in range(30)))]))
    seed6("E8-huge-client-solicit", solicit(duid=duid_ll(mac(0x15))))
    seed6("E8-huge-client-solicit-pure", solicit(), dctl=2, frame=False)
    seed6("E8-huge-client-inforeq", msg6(11, [o6(1, duid_ll(mac(0x15))),
                                              oro([23, 24, 31])]), dctl=2)
    seed6("E9-same-iaid-na-ta-pd", msg6(1, [o6(1, DUID), ia_na(1), ia_ta(1),
                                            ia_pd(1), ia_na(1)]))
    seed6("E9-same-iaid-disable-ia-id", msg6(1, [o6(1, DUID), ia_na(1),
                                                 ia_na(0x10), ia_pd(0x10)]),
          ctl=NO_IA_ID, dctl=4)
    seed6("E10-oro-odd-length", msg6(1, [o6(1, DUID), o6(6, b"\0\x17\0")]))
    seed6("E10-oro-empty", msg6(1, [o6(1, DUID), o6(6)]))
    seed6("E10-oro-over-1k", msg6(11, [o6(1, DUID), oro(list(range(600)))]))
    seed6("E10-oro-asks-oro-and-server-codes",
          msg6(11, [o6(1, DUID), oro([6, 1, 2, 3, 9, 13, 14, 18, 25, 259,
                                      65535, 23, 23, 24])]))
    seed6("E11-elapsed-time-length-3", msg6(1, [o6(1, DUID), o6(8, b"\0\0\0"),
                                                ia_na(1)]))
    seed6("E11-rapid-commit-length-1", msg6(1, [o6(1, DUID), o6(14, b"\x01"),
                                                ia_na(1)]))
    seed6("E12-vendor-class-truncated", msg6(1, [o6(1, DUID), o6(
        16, b"\0\0\x0d\xe9\0\x20abc"), ia_na(1)]))
    seed6("E12-user-class-truncated", msg6(1, [o6(1, DUID), o6(
        15, b"\0\x40abc"), ia_na(1)]))
    nest = o6(17, b"\0\0\x0d\xe9")
    for _ in range(12):
        nest = o6(17, b"\0\0\x0d\xe9" + nest)
    seed6("E12-vendor-opts-nested", msg6(1, [o6(1, DUID), nest, ia_na(1)]))
    seed6("E13-fqdn-label-over-63", msg6(1, [o6(1, DUID), o6(
        39, b"\x01\x40" + b"a" * 64 + b"\0"), ia_na(1)]))
    seed6("E13-fqdn-compression-pointer", msg6(1, [o6(1, DUID), o6(
        39, b"\x01\xc0\x00"), ia_na(1)]))
    seed6("E13-fqdn-empty", msg6(1, [o6(1, DUID), o6(39), ia_na(1)]))
    seed6("E14-inforeq-no-client-id", msg6(11, [oro()]))
    seed6("E14-inforeq-with-ia", msg6(11, [o6(1, DUID), oro(), ia_na(1)]))
    seed6("E14-inforeq", msg6(11, [o6(1, DUID), oro()]))
    seed6("E14-inforeq-with-server-id", msg6(11, [o6(1, DUID),
                                                  o6(2, SRV_DUID), oro()]))
    foreign = [ia_na(1, iaaddr("2001:db8:99::1")),
               ia_pd(1, iaprefix("2001:db8:9900::", 56))]
    own = [ia_na(1, iaaddr("2001:db8:1::12")),
           ia_pd(1, iaprefix("2001:db8:100:1300::", 56))]
    seed6("E15-confirm-foreign-address", request6(4, server=None,
                                                  ias=foreign))
    seed6("E15-confirm-own-address", request6(4, server=None, ias=own))
    seed6("E15-confirm-no-address", request6(4, server=None,
                                             ias=[ia_na(1)]))
    seed6("E15-renew-foreign-address", request6(5, ias=foreign))
    seed6("E15-renew-own-address", request6(5, ias=own))
    seed6("E15-rebind-foreign-address", request6(6, server=None,
                                                 ias=foreign))
    seed6("E15-release-own", request6(8, ias=own))
    seed6("E15-decline-own", request6(9, ias=own))
    seed6("E15-decline-no-address", request6(9, ias=[ia_na(1)]))
    seed6("E16-solicit-rapid-commit", solicit(rapid=True))
    seed6("E16-solicit-rapid-commit-relayed", relay(solicit(rapid=True)))
    seed6("E17-new-duid-time-same-mac", solicit(duid=duid_llt(t=0x12345678)))
    seed6("E17-new-duid-en-mac-as-duid", solicit(duid=bytes.fromhex(
        "00020000ab11aabbccdd")), ctl=MAC_AS_DUID)
    seed6("E17-new-iaids", msg6(1, [o6(1, DUID), ia_na(0xdeadbeef),
                                    ia_pd(0xdeadbeef)]))
    seed6("E17-new-iaids-disable-ia-id", msg6(1, [o6(1, DUID),
                                                  ia_na(0xdeadbeef),
                                                  ia_pd(0xdeadbeef)]),
          ctl=NO_IA_ID, dctl=4)


# --- DHCPv6: every database client, every message type --------------------------

def clients6():
    # the server id of a reply is the DUID-LL of the server interface
    tap1 = bytes.fromhex("00030001") + bytes.fromhex("22a814ba7c06")
    tap2 = bytes.fromhex("00030001") + bytes.fromhex("22a814ba7c07")
    keys = (
        ("llt-10-tap0", DUID, 0, 0, SRV_DUID),
        ("llt-10-tap1", DUID, iface(1), 0, tap1),
        ("mac-as-duid-10", DUID, MAC_AS_DUID, 1, SRV_DUID),
        ("ll-11-two-ifaces-one-group", duid_ll(mac(0x11)), iface(1), 3, tap1),
        ("ll-12-grouped-tap2", duid_ll(mac(0x12)), iface(1), 3, tap2),
        ("ll-13-not-served", duid_ll(mac(0x13)), iface(1), 3, tap1),
        ("ll-15-huge", duid_ll(mac(0x15)), 0, 2, SRV_DUID),
        ("ll-17-more-bytes-than-kept", duid_ll(mac(0x17)), 0, 0, SRV_DUID),
        ("en", bytes.fromhex("00020000ab110001020304050607"), 0, 0,
         SRV_DUID),
        ("uuid", bytes.fromhex("000400112233445566778899aabbccddeeff"), 0, 0,
         SRV_DUID),
        ("ll-hw6", duid_ll(hw=6), 0, 0, SRV_DUID),
    )
    for name, d, ctl, dctl, srv in keys:
        seed6("client6-%s-solicit" % name, solicit(duid=d), ctl=ctl,
              dctl=dctl)
        seed6("client6-%s-request" % name, request6(duid=d, server=srv),
              ctl=ctl, dctl=dctl)
    d = DUID
    seed6("client6-llt-10-renew", request6(5, duid=d))
    seed6("client6-llt-10-rebind", request6(6, duid=d, server=None))
    seed6("client6-llt-10-release", request6(8, duid=d))
    seed6("client6-llt-10-decline", request6(9, duid=d))
    seed6("client6-llt-10-inforeq", msg6(11, [o6(1, d), oro()]))
    seed6("client6-llt-10-solicit-no-ia-id", solicit(), ctl=NO_IA_ID, dctl=4)
    seed6("client6-llt-10-request-no-ia-id", request6(), ctl=NO_IA_ID, dctl=4)
    seed6("client6-llt-10-solicit-zero-lifetimes", solicit(), dctl=0x10,
          frame=False)
    seed6("client6-mac-as-duid-10-request-unicast-lifetimes", request6(),
          ctl=MAC_AS_DUID, dctl=1)


# --- attrval, ipc, config -----------------------------------------------------------

def attrvals():
    vals = {
        "ipv4": "192.0.2.1", "ipv4-blanks": " \t192.0.2.1 \n",
        "ipv4-bad-octet": "255.255.255.256", "ipv4-short": "10.1",
        "ipv6": "2001:db8::1", "ipv6-v4-mapped": "::ffff:192.0.2.1",
        "ipv6-bad": "2001:db8::g", "ipv6-too-long":
            "2001:0db8:0000:0000:0000:0000:0000:0001:1",
        "int16": "1500", "int16-max": "65535", "int16-over": "65536",
        "int32-negative": "-3600", "int32-min": "-2147483648",
        "int32-under-min": "-2147483649", "int32-max": "4294967295",
        "int32-over": "4294967296", "int-plus-sign": "+5",
        "int-hex": "0x10", "int-empty-minus": "-",
        "string": "guest10", "string-255": "s" * 255, "string-256": "s" * 256,
        "staticrt": "10.0.0.0/8,192.0.2.1",
        "staticrt-blanks": " 172.16.0.0 / 12 , 192.0.2.2 ",
        "staticrt-default": "0.0.0.0/0,192.0.2.1",
        "staticrt-32": "203.0.113.7/32,192.0.2.1",
        "staticrt-33": "30.1.0.0/33,x",
        "staticrt-host-bits": "10.0.0.1/8,192.0.2.1",
        "staticrt-two-gateways": "10.0.0.0/8,192.0.2.1,192.0.2.2",
        "staticrt-no-gateway": "10.0.0.0/8",
        "ia": "2001:db8:1::10", "ia-hex-iaid": "0x10,2001:db8:1::11",
        "ia-dec-iaid": "1,2001:db8:1::12",
        "ia-blanks": " 0x00000010 , 2001:db8:1::13",
        "ia-iaid-over-32-bits": "4294967296,2001:db8::1",
        "ia-hex-iaid-over": "0x100000000,2001:db8::1",
        "ia-bare-0x": "0x,2001:db8::1",
        "pd": "2001:db8:100:1200::/56", "pd-iaid": "1,2001:db8:100:1300::/56",
        "pd-129": "2001:db8::/129", "pd-0": "2001:db8::/0",
        "pd-128": "2001:db8::1/128", "pd-host-bits": "2001:db8::1/64",
        "domain": "example.com", "domain-root-dot": "lab.example.com.",
        "domain-empty-label": "a..b", "domain-dot": ".",
        "domain-label-63": "a" * 63 + ".example",
        "domain-label-64": "a" * 64 + ".example",
        "domain-253": ".".join(["a" * 62] * 4)[:253],
        "domain-254": ".".join(["a" * 62] * 4)[:251] + ".a",
        "domain-underscore": "_sip._udp.example.com",
        "domain-blank-inside": "exa mple.com",
        "empty": "", "blanks-only": "   ",
        "nul-inside": "192.0.2.1\0garbage",
    }
    for k, v in vals.items():
        put("attrval", k + ".txt", v.encode("latin-1"))
    # lists (fuzz_attrval.c as_list): "<tag> <value>" per line
    r24 = ["r 10.0.%d.0/24,192.0.2.1" % i for i in range(40)]
    lists = {
        "list-121-over-255": r24,
        "list-121-exactly-255": r24[:31] + ["r 10.9.0.0/16,192.0.2.1"],
        "list-121-exactly-256": r24[:32],
        "list-121-split-twice": r24 * 2,
        "list-33-and-121": r24[:10] + ["s 10.%d.0.0/16,192.0.2.1" % i
                                       for i in range(30)],
        "list-119-many": ["d host%03d.a-long-subdomain.example.com" % i
                          for i in range(30)],
        "list-overload-mix": r24 + ["d n%02d.example.org" % i
                                    for i in range(20)] +
            ["h " + "h" * 255, "v " + "v" * 200, "n 1500", "l -3600"] +
            ["a 192.0.2.%d" % i for i in range(1, 30)],
        "list-strings-255": ["h " + "a" * 255, "v " + "b" * 255],
        "list-v6-mix": ["6 2001:db8::%x" % i for i in range(20)] +
            ["d s%02d.example.com" % i for i in range(10)] +
            ["i 2001:db8:1::10", "i 0x1,2001:db8:1::11",
             "p 2001:db8:100::/56", "p 7,2001:db8:200::/48",
             "h guest.example.com", "l 7200"],
        "list-v6-overflow": ["d %s.%s.%s.example" % ("a" * 60, "b" * 60,
                                                     "c" * 60)] * 8,
        "list-bad-lines": ["r 30.1.0.0/33,x", "x nothing", "d a..b", "",
                           "a", "i 0xzz,::1", "a 192.0.2.1"],
    }
    for k, v in lists.items():
        put("attrval", k + ".txt", "\n".join(v).encode())


def ipc_seeds():
    def raw(b):
        return b"\x00" + struct.pack("<H", len(b)) + b

    def via(t, b):
        return b"\x01" + struct.pack("<IH", t, len(b)) + b

    def forged(t, ln, fl, b=b""):
        return b"\x02" + struct.pack("<III", t, ln, fl) + b

    def hdr(t, ln, fl=0):
        return struct.pack("<III", t, ln, fl)
    log = struct.pack("<i", 6) + b"responder: hello\0"
    stats = struct.pack("<II", 0, 0) + b"\0" * (8 * (9 * 2 + 14 * 2 + 9))
    seeds = {
        "log-via-ipc-send": via(64, log),
        "log-raw": raw(hdr(64, len(log)) + log),
        "log-not-terminated": raw(hdr(64, 8) + struct.pack("<i", 6) + b"abcd"),
        "log-priority-only": raw(hdr(64, 4) + struct.pack("<i", 6)),
        "log-too-long": via(64, struct.pack("<i", 6) + b"x" * 1100 + b"\0"),
        "ready": via(65, b""), "ready-with-payload": via(65, b"x"),
        "stats": via(66, stats), "stats-short": via(66, stats[:-8]),
        "config-size-wrong": via(1, b"\0" * 100),
        "iface-del": via(4, b"\0" * 8), "iface-add-no-fd": via(2, b"\0" * 8),
        "unknown-type": via(999, b"abc"), "type-0": via(0, b""),
        "header-len-disagrees": raw(hdr(64, 100) + log),
        "header-fd-flag-without-fd": raw(hdr(65, 0, 1)),
        "header-unknown-flag": raw(hdr(65, 0, 2)),
        "short-header": raw(b"\x40\0\0\0\0\0"),
        "empty-datagram": raw(b""),
        "oversized-datagram": raw(hdr(64, 12300) + b"x" * 12300),
        "forged-log-len-huge": forged(64, 0xffffffff, 0, log),
        "forged-log-len-4": forged(64, 4, 0, log),
        "forged-log-exact": forged(64, len(log), 0, log),
        "forged-stats": forged(66, len(stats), 0),
        "forged-ready": forged(65, 0, 0),
        "sequence": via(65, b"") + via(66, stats) + via(64, log) +
            raw(hdr(64, 3)) + forged(2, 0, 1),
    }
    for k, v in seeds.items():
        put("ipc", k + ".ipc", v)


def config_seeds():
    put("config", "example.conf",
        open(os.path.join(TOP, "contrib", "statichcpd.conf"), "rb").read())
    put("config", "default_attr.csv",
        open(os.path.join(TOP, "schema", "default_attr.csv"), "rb").read())
    put("config", "default_v6attr.csv",
        open(os.path.join(TOP, "schema", "default_v6attr.csv"), "rb").read())
    confs = {
        "minimal": "[statichcpd]\nserved_interface_regex = ^tap[0-9]+$\n",
        "default-section": "[DEFAULT]\nuser = nobody\n[statichcpd]\n"
            "served_interface_regex = tap.*\ndhcp_ratelimit = 0\n",
        "interpolation": "[DEFAULT]\nbase = /var/lib\n[statichcpd]\n"
            "served_interface_regex = tap\n"
            "dhcp_db_filename = %(base)s/db/x.db\nuser = a%%b\n",
        "interpolation-loop": "[statichcpd]\nserved_interface_regex = %(a)s\n"
            "a = %(b)s\nb = %(a)s\n",
        "interpolation-fanout": "[statichcpd]\nserved_interface_regex = "
            "%(a)s%(a)s%(a)s%(a)s\na = %(b)s%(b)s%(b)s%(b)s\n"
            "b = %(c)s%(c)s%(c)s%(c)s\nc = xxxxxxxxxxxxxxxx\n",
        "continuation": "[statichcpd]\nserved_interface_regex = tap\n"
            "  continued\n\n  after blank\nuser = x\n",
        "bad-values": "[statichcpd]\nserved_interface_regex = (\n"
            "dhcp_ratelimit = -1\ndefault_lease_time = 0\n"
            "max_lease_time = 99999999999\ndisable_ia_id = maybe\n"
            "dhcp_db_filename = relative.db\nuser = r00t!\n",
        "both-routing-flags": "[statichcpd]\nserved_interface_regex = t\n"
            "disable_routing_with_udpsock = True\n"
            "disable_routing_with_rawsock = 1\n",
        "python-class": "[statichcpd]\nserved_interface_regex = tap\\d+\n",
        "no-section": "served_interface_regex = tap\n",
        "other-section": "[other]\nserved_interface_regex = tap\n",
        "nul-byte": "[statichcpd]\nserved_interface_regex = t\0ap\n",
        "comments-and-colon": "# c\n; c\n[statichcpd]\n"
            "served_interface_regex : tap\nREM x\n",
        "long-value": "[statichcpd]\nserved_interface_regex = " + "a" * 1100 +
            "\n",
        "duplicate-section": "[statichcpd]\nuser = a\n[statichcpd]\n"
            "served_interface_regex = t\nuser = b\n",
    }
    for k, v in confs.items():
        put("config", k + ".conf", v.encode())
    csvs = {
        "attr-bom-quotes": "\ufeffopcode,max_count,datatype\n"
            "\"1\",\"1\",\"IPV4\"\nDHCP_OPT_ROUTER, 3 , IPV4 ,,\n",
        "attr-bad-rows": "opcode,max_count,datatype\n70000,1,IPV4\n"
            "1,0,IPV4\n1,1,FLOAT\nNOPE,1,IPV4\n1,1\n1,1,IPV4,x\n",
        "attr-v6-names": "opcode,max_count,datatype\n"
            "DHCP6_OPT_IA_PD,100,PD\nDHCP6_NON_DEFAULT_T1,1,INT32\n"
            "259,1,INT32\n",
        "attr-bad-header": "code,count,type\n1,1,IPV4\n",
        "attr-empty": "",
        "attr-crlf": "opcode,max_count,datatype\r\n6,100,IPV4\r\n\r\n",
    }
    for k, v in csvs.items():
        put("config", k + ".csv", v.encode())


def main():
    src = capture_dir(sys.argv)
    keep_caps = src is None
    for sub in ("frame4", "frame6", "dhcp4", "dhcp6", "attrval", "ipc",
                "config"):
        d = os.path.join(CORPUS, sub)
        for f in glob.glob(os.path.join(d, "*")):
            if not (keep_caps and os.path.basename(f).startswith("cap-")):
                os.remove(f)
    if src is not None:
        captures(src)
    else:
        print("make_seeds: no captures found, cap-* seeds kept",
              file=sys.stderr)
    group_a()
    group_b()
    group_c()
    clients4()
    group_d()
    group_e()
    clients6()
    attrvals()
    ipc_seeds()
    config_seeds()
    for sub in sorted({os.path.basename(os.path.dirname(p))
                       for p in written}):
        n = len([p for p in written
                 if os.path.basename(os.path.dirname(p)) == sub])
        print("%-8s %4d seeds" % (sub, n))


if __name__ == "__main__":
    main()
