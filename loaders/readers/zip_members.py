"""A zip member's bytes straight from the archive, when zipfile would give exactly them.

``ZipFile.open().read()`` builds a file object and a stream reader per member; for the
ten small parts of a workbook that cost more than decompressing them. Here a member
is inflated in one call from its local header on. Only the plain case is read this
way: a stored or deflated member whose local header matches the directory and whose
data inflates to exactly the declared size and CRC. Anything else gives None, and the
caller reads the member with zipfile, which gives its own result or error as before.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_LOCAL_SIGNATURE = b"PK\x03\x04"
_UTF8_NAME = 0x800
# Flags zipfile refuses or treats specially: encrypted, compressed patched data, strong encryption.
_UNUSUAL_FLAGS = 0x1 | 0x20 | 0x40


def whole_member(content: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes as ``ZipFile.read`` gives them, or None when zipfile must decide."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & _UNUSUAL_FLAGS:
        return None
    start = info.header_offset
    if start < 0 or start + _LOCAL_HEADER.size > len(content):
        return None
    header = _LOCAL_HEADER.unpack_from(content, start)
    if header[0] != _LOCAL_SIGNATURE or header[3] & _UNUSUAL_FLAGS:
        return None
    name_length, extra_length = header[10], header[11]
    name_start = start + _LOCAL_HEADER.size
    raw_name = content[name_start:name_start + name_length]
    try:
        name = raw_name.decode("utf-8" if header[3] & _UTF8_NAME else "cp437")
    except UnicodeDecodeError:
        return None
    if name != info.orig_filename:
        return None
    data_start = name_start + name_length + extra_length
    compressed = content[data_start:data_start + info.compress_size]
    if len(compressed) != info.compress_size:
        return None
    if info.compress_type == zipfile.ZIP_STORED:
        data = compressed
    else:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(compressed, info.file_size + 1)
        except zlib.error:
            return None
        if not inflater.eof or inflater.unused_data or inflater.unconsumed_tail:
            return None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data
