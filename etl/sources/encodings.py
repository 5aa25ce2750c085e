"""Which character encoding a text export uses, and its text in NFC (docs/domain.md §6.2).

Provincial and district tools still save CSV files in legacy Vietnamese encodings. This module
recognises, in this order:

1. a byte order mark: UTF-8 (``EF BB BF``), UTF-32 and UTF-16 (LE/BE);
2. UTF-16 without a mark, from the pattern of NUL bytes (every other byte of Latin text is 0);
3. UTF-8 without a mark (pure ASCII is UTF-8). A file that is mostly valid UTF-8 but holds a few
   lines in another encoding is *rejected*, naming the first such line: it is a damaged file, not a
   legacy one;
4. otherwise one of the single-byte Vietnamese encodings, TCVN3, VNI-Windows or Windows-1258. Each is
   tried; the decoded texts are scored by the share of their accented words that are well-formed
   Vietnamese syllables (:func:`vietnamese_score`), and one encoding is chosen only when it scores
   high and clearly above the others. Anything else is rejected with a message naming the candidates,
   never loaded as mojibake.

The legacy tables:

* **TCVN3** (TCVN 5712:1993, table VN3, the ``.VnTime`` fonts): one byte per letter. VN3 has the
  lower-case accented letters and the upper-case base letters Ă Â Ê Ô Ơ Ư Đ, but no upper-case
  *toned* letters: typists wrote those with the same bytes in an upper-case font (``.VnTimeH``). The
  font is lost in a CSV file, so those bytes are decoded as the lower-case letter ("CéNG" → "CộNG");
  names compare case-insensitively (``fold``), so they still match. Encoding (used by tests) writes
  an upper-case toned letter with its lower-case byte for the same reason. The slots VN3 leaves empty
  (the extra upper-case letters of table VN1) are not accepted.
* **VNI-Windows**: an ASCII base letter followed by a mark byte ("Vieät" = "Việt"); đ, ơ, ư and the
  toned i and ỵ are single bytes. Upper-case letters use the upper-case mark bytes ("VIEÄT").
* **Windows-1258**: Python's ``cp1258`` codec (base letters plus combining tone marks), then NFC.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from etl.canonical import SourceError

# --- the Vietnamese alphabet --------------------------------------------------------------------

TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền, hỏi, ngã, sắc, nặng
VOWELS = "aăâeêioôơuưy"
LOWER_LETTERS: tuple[str, ...] = tuple(
    unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("",) + TONES if not (v + t).isascii()
) + ("đ",)
UPPER_LETTERS: tuple[str, ...] = tuple(c.upper() for c in LOWER_LETTERS)
VIETNAMESE_LETTERS: tuple[str, ...] = LOWER_LETTERS + UPPER_LETTERS  # the 134 precomposed letters
assert len(VIETNAMESE_LETTERS) == 134 and len(set(VIETNAMESE_LETTERS)) == 134


def _toned(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", vowel + tone)


# --- TCVN3 (TCVN 5712:1993 VN3) -----------------------------------------------------------------

# per vowel, the bytes of its forms with huyền, hỏi, ngã, sắc, nặng
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
                "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE}
TCVN3_DECODE: dict[int, str] = {**{b: c for c, b in _TCVN3_PLAIN.items()},
                                **{b: _toned(v, t) for v, bs in _TCVN3_TONED.items() for t, b in zip(TONES, bs)},
                                0xA0: "\u00a0"}
# \ufffe marks the bytes VN3 leaves undefined; charmap decoding turns them into U+FFFD
_TCVN3_TABLE = "".join(chr(b) if b < 0x80 else TCVN3_DECODE.get(b, "\ufffe") for b in range(256))
TCVN3_ENCODE: dict[str, bytes] = {c: bytes([b]) for b, c in TCVN3_DECODE.items()}
TCVN3_ENCODE.update({c.upper(): TCVN3_ENCODE[c] for c in LOWER_LETTERS if c.upper() not in TCVN3_ENCODE})

# --- VNI-Windows --------------------------------------------------------------------------------

_VNI_TONE_MARKS = dict(zip(TONES, "øûõùï"))  # on a, e, o, u, y, ơ, ư
_VNI_CIRCUMFLEX_MARKS = dict(zip(TONES, "àåãáä"))  # on â, ê, ô (circumflex alone: â)
_VNI_BREVE_MARKS = dict(zip(TONES, "èúüéë"))  # on ă (breve alone: ê)
_VNI_I = dict(zip(TONES, "ìæóíò"))  # the toned i are single characters


def _vni_lower() -> dict[str, str]:
    """Unicode lower-case letter → VNI text (as the bytes read in Windows-1252)."""
    table = {"đ": "ñ", "ơ": "ô", "ư": "ö", "â": "aâ", "ê": "eâ", "ô": "oâ", "ă": "aê", "ỵ": "î"}
    for tone in TONES:
        for base, written in (("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("y", "y"), ("ơ", "ô"), ("ư", "ö")):
            table.setdefault(_toned(base, tone), written + _VNI_TONE_MARKS[tone])
        for base in "aeo":
            table[_toned({"a": "â", "e": "ê", "o": "ô"}[base], tone)] = base + _VNI_CIRCUMFLEX_MARKS[tone]
        table[_toned("ă", tone)] = "a" + _VNI_BREVE_MARKS[tone]
        table[_toned("i", tone)] = _VNI_I[tone]
    return table


VNI_ENCODE: dict[str, str] = _vni_lower()
VNI_ENCODE.update({c.upper(): w.upper() for c, w in list(VNI_ENCODE.items())})
assert set(VNI_ENCODE) == set(VIETNAMESE_LETTERS)
# reading: also accept a mark in the other case than its letter (the letter's case wins)
_VNI_DECODE: dict[str, str] = {}
for _letter, _written in VNI_ENCODE.items():
    _VNI_DECODE[_written] = _letter
    if len(_written) == 2:
        _VNI_DECODE.setdefault(_written[0] + _written[1].swapcase(), _letter)
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True)))
# VNI fonts are Windows-1252 fonts with new glyphs; the bytes 1252 leaves undefined are undefined here too
_CP1252_TABLE = "".join(bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", "\ufffe")
                        for b in range(256))  # \ufffe: undefined, decoded as U+FFFD


def _vni_compose(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text)


# --- encoding and decoding ----------------------------------------------------------------------

LEGACY = ("tcvn3", "vni", "cp1258")
LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE",
          "utf-16": "UTF-16", "utf-32": "UTF-32", "tcvn3": "TCVN3", "vni": "VNI", "cp1258": "CP1258"}


class _Undefined(ValueError):
    def __init__(self, byte: int, offset: int):
        self.byte, self.offset = byte, offset


def decode_legacy(data: bytes, encoding: str, strict: bool = True) -> str:
    """``data`` in one of the single-byte encodings as NFC text; an undefined byte raises (``strict``)
    or becomes U+FFFD."""
    if encoding == "tcvn3":
        text = codecs.charmap_decode(data, "replace", _TCVN3_TABLE)[0]
    elif encoding == "vni":
        text = codecs.charmap_decode(data, "replace", _CP1252_TABLE)[0]
    elif encoding == "cp1258":
        text = data.decode("cp1258", errors="replace")
    else:
        raise ValueError(encoding)
    if strict:  # one character per byte so far: the position of U+FFFD is the byte's offset
        bad = text.find("\ufffd")
        if bad >= 0:
            raise _Undefined(data[bad], bad)
    if encoding == "vni":
        text = _vni_compose(text)
    return unicodedata.normalize("NFC", text)


def encode_legacy(text: str, encoding: str) -> bytes:
    """Vietnamese text in a legacy encoding, as the old tools write it (used to make test files).

    TCVN3 has no upper-case toned letters: they are written with the lower-case byte (see above).
    CP1258: precomposed where the code page has the letter, else base letter plus combining tone.
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out += char.encode("ascii")
        elif encoding == "tcvn3":
            out += TCVN3_ENCODE[char]
        elif encoding == "vni":
            out += VNI_ENCODE.get(char, char).encode("cp1252")
        elif encoding == "cp1258":
            try:
                out += char.encode("cp1258")
            except UnicodeEncodeError:
                parts = unicodedata.normalize("NFD", char)
                tones = "".join(p for p in parts if p in TONES)
                base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
                out += (base + tones).encode("cp1258")
        else:
            raise ValueError(encoding)
    return bytes(out)


# --- scoring: does a text read as Vietnamese? ---------------------------------------------------

_ONSET = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_OPEN_NUCLEI = "uyê|iê|yê|oa|oă|oe|oo|uâ|uê|uô|ươ|uy|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"  # may take a final consonant
_CLOSED_NUCLEI = ("iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyu|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|"
                  "ua|ui|ưa|ưi|ưu|uơ")
_SYLLABLE = re.compile(
    rf"(?P<onset>{_ONSET})?(?:(?P<open>{_OPEN_NUCLEI})(?:ch|c|m|ng|nh|n|p|t)?|(?P<closed>{_CLOSED_NUCLEI}))")
_TONE_BEARERS = frozenset("aeiouy\u0302\u0306\u031b")  # vowels, and the circumflex, breve, horn on them
_TOKEN = re.compile(r"[^\s\d!-/:-@\[-`{-~]+")  # runs of anything but spaces, digits, ASCII punctuation


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` is spelled as one Vietnamese syllable: onset, vowel nucleus, final consonant,
    at most one tone mark, and the spelling rules of c/k, g/gh, ng/ngh."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = [i for i, p in enumerate(parts) if p in TONES]
    if len(tones) > 1 or tones and (tones[0] == 0 or parts[tones[0] - 1] not in _TONE_BEARERS):
        return False  # a tone mark sits on a vowel (ñ is n + tilde)
    base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
    match = _SYLLABLE.fullmatch(base)
    if not match:
        return False
    onset, nucleus = match["onset"] or "", match["open"] or match["closed"]
    front = nucleus[0] in "eêiy"
    if onset == "gi" and nucleus[0] == "i":
        return False  # "gii"
    if onset == "c" and front or onset == "k" and not front:
        return False
    if onset in ("gh", "ngh") and not front or onset in ("g", "ng") and nucleus[0] in "eê":
        return False
    return True


def vietnamese_score(text: str) -> tuple[float, int]:
    """(share of the words with a non-ASCII letter that are Vietnamese syllables, number of such words)."""
    words = Counter(w for w in _TOKEN.findall(text) if not w.isascii())
    total = sum(words.values())
    if not total:
        return 0.0, 0
    good = sum(n for w, n in words.items() if is_vietnamese_syllable(w))
    return good / total, total


# --- detection ----------------------------------------------------------------------------------

SAMPLE_BYTES = 1 << 20  # legacy detection looks at the first MiB
MIN_SCORE = 0.85  # the chosen encoding reads at least this share of accented words as Vietnamese
MIN_MARGIN = 0.3  # and beats every other candidate by this much
MIN_WORDS = 3  # evidence: at least this many accented words


def _bom(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE/BE from NUL bytes: Latin text has a 0 in every other byte."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0:pairs * 2:2].count(0) / pairs
    odd = sample[1:pairs * 2:2].count(0) / pairs
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _legacy_scores(data: bytes) -> dict[str, tuple[float, int]]:
    return {enc: vietnamese_score(decode_legacy(data, enc, strict=False)) for enc in LEGACY}


def detect(data: bytes, name: str, complete: bool = True) -> str:
    """The encoding of ``data`` (a whole file, or its first bytes when ``complete`` is False): a Python
    codec name or "tcvn3" / "vni". Raises SourceError (naming ``name``) when it cannot tell."""
    bom = _bom(data)
    if bom:
        return bom
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16:
            return utf16
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if not complete and error.reason == "unexpected end of data":
            return "utf-8"  # a character cut at the end of the sample
        first_bad = error.start
    invalid = len(re.sub(rb"[\x00-\x7f]+", b"", _UTF8_MULTIBYTE.sub(b"", data)))
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if valid >= max(invalid, 3):
        line = data.count(b"\n", 0, first_bad) + 1
        raise SourceError(name, "tệp có dòng không phải UTF-8 (tệp UTF-8 bị lẫn dòng ở bảng mã khác); "
                                "hãy lưu lại toàn bộ tệp dưới dạng CSV UTF-8", row=line)
    scores = _legacy_scores(data)
    ranked = sorted(scores, key=lambda e: scores[e][0], reverse=True)
    best, runner_up = ranked[0], ranked[1]
    (score, words), second = scores[best], scores[runner_up][0]
    if score >= MIN_SCORE and words >= MIN_WORDS and score - second >= MIN_MARGIN:
        return best
    plausible = [LABELS[e] for e in ranked if scores[e][0] >= 0.5] or [LABELS[e] for e in ranked]
    raise SourceError(name, f"không xác định được bảng mã của tệp: có thể là {' hoặc '.join(plausible)}; "
                            "hãy lưu lại tệp dưới dạng UTF-8 (CSV UTF-8)")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a whole file in NFC and the name of its encoding (see the module's docstring).

    Raises SourceError naming the file when the encoding cannot be determined with confidence or a
    byte is not in the detected encoding.
    """
    encoding = detect(data, name)
    if encoding in LEGACY:
        try:
            text = decode_legacy(data, encoding)
        except _Undefined as error:
            line = data.count(b"\n", 0, error.offset) + 1
            raise SourceError(name, f"byte 0x{error.byte:02X} không thuộc bảng mã {LABELS[encoding]}", row=line) \
                from None
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise SourceError(name, f"tệp không đúng bảng mã {LABELS[encoding]}", row=line) from None
    return unicodedata.normalize("NFC", text.lstrip("\ufeff")), encoding


def open_lines(path: Path | str, encoding: str) -> Iterator[str]:
    """The lines of a file in ``encoding`` (as returned by :func:`detect`), line ends kept, read a
    line at a time (for ``csv.reader``). Legacy text is returned in NFC; UTF text as written.

    A byte outside the encoding raises SourceError naming the line.
    """
    path = Path(path)
    if encoding not in LEGACY:
        with open(path, encoding=encoding, newline="") as stream:
            first = True
            for line in stream:
                if first:
                    line, first = line.lstrip("\ufeff"), False
                yield line
        return
    with open(path, "rb") as stream:
        for line_no, raw in enumerate(stream, 1):  # single-byte encodings: b"\n" is always a line end
            try:
                yield decode_legacy(raw, encoding)
            except _Undefined as error:
                raise SourceError(path, f"byte 0x{error.byte:02X} không thuộc bảng mã {LABELS[encoding]}",
                                  row=line_no) from None


def detect_file(path: Path | str) -> str:
    """The encoding of a text file, judged on its first :data:`SAMPLE_BYTES` bytes."""
    path = Path(path)
    with open(path, "rb") as stream:
        head = stream.read(SAMPLE_BYTES)
        complete = not stream.read(1)
    return detect(head, str(path), complete=complete)
