"""Builds the asset archives of the sandbox tests into dist/ (tests import them as modules),
with real implementations: Python's tarfile (ustar, GNU long names, pax) and zipfile (stored
and deflate). Run by build.mjs after the wasm programs, since the archives hold hello.wasm; the unit tests
run it into a folder of their own: archives.py OUT_DIR [HELLO_WASM]."""
import io
import sys
import tarfile
import zipfile

dist = sys.argv[1]
hello = open(sys.argv[2] if len(sys.argv) > 2 else f"{dist}/hello.wasm", "rb").read()
words = b"alpha\nbeta\ngamma\n"
deep = "lib/" + "/".join(["very-long-directory-name-%02d" % i for i in range(6)]) + "/module.txt"
members = [("bin/hello.wasm", hello), ("share/words.txt", words), (deep, b"deep\n")]


def add(tar, name, data, kind=tarfile.REGTYPE):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    info.mtime = 1700000000
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def tar_of(path, fmt, mode="w"):
    with tarfile.open(path, mode, format=fmt) as tar:
        add(tar, "share", b"", tarfile.DIRTYPE)
        for name, data in members:
            add(tar, name, data)


tar_of(f"{dist}/tool.tar", tarfile.GNU_FORMAT)
tar_of(f"{dist}/tool-pax.tar", tarfile.PAX_FORMAT)
tar_of(f"{dist}/tool.tgz", tarfile.GNU_FORMAT, "w:gz")

with zipfile.ZipFile(f"{dist}/tool.zip", "w") as z:
    z.writestr(zipfile.ZipInfo("share/"), b"")
    z.writestr(members[0][0], members[0][1], compress_type=zipfile.ZIP_STORED)
    for name, data in members[1:]:
        z.writestr(name, data * 50, compress_type=zipfile.ZIP_DEFLATED)

with tarfile.open(f"{dist}/evil.tar", "w", format=tarfile.GNU_FORMAT) as tar:
    add(tar, "../../escaped.txt", b"out\n")
    add(tar, "/abs.txt", b"abs\n")
    add(tar, "ok.txt", b"ok\n")
    link = tarfile.TarInfo("passwd")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    tar.addfile(link)

open(f"{dist}/not-really.zip", "wb").write(b"just some data named .zip\n")
