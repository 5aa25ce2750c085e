"""Encoding detection and legacy Vietnamese tables (etl/sources/encodings.py), on real byte sequences."""
from __future__ import annotations

import codecs
import shutil
import unicodedata
from datetime import date

import pytest

from conftest import FIXTURES, query
from etl.sources.encodings import (
    LOWER_LETTERS,
    UPPER_LETTERS,
    VIETNAMESE_LETTERS,
    decode_legacy,
    decode_text,
    encode_legacy,
    is_vietnamese_syllable,
)
from etl.sources import listing
from etl.canonical import SourceError
from test_spreadsheet_readers import EXPECTED_LISTING, listing_rows, read_all, write_csv

PHRASES = ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Hoằng Hóa", "Thủ tục hành chính"]

# The bytes as old files hold them. TCVN3 and VNI text shown in a Windows-1252 font is the familiar
# mojibake of old documents ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Coäng hoøa xaõ hoäi chuû nghóa
# Vieät Nam"): these literals are those strings' Windows-1252 bytes.
REAL_BYTES = {
    "tcvn3": [b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam", b"Ho\xbbng H\xe3a",
              b"Th\xf1 t\xf4c h\xb5nh ch\xddnh"],
    "vni": [b"Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam", b"Hoa\xe8ng Ho\xf9a",
            b"Thu\xfb tu\xefc ha\xf8nh ch\xednh"],
    "cp1258": [b"C\xf4\xf2ng ho\xcca xa\xde h\xf4\xf2i chu\xd2 nghi\xdea Vi\xea\xf2t Nam", b"Ho\xe3\xccng H\xf3a",
               b"Thu\xd2 tu\xf2c h\xe0nh ch\xednh"],
}


def test_the_mojibake_of_old_documents_is_what_the_literals_hold():
    assert REAL_BYTES["tcvn3"][0] == "Céng hßa x· héi chñ nghÜa ViÖt Nam".encode("cp1252")
    assert REAL_BYTES["vni"][0] == "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam".encode("cp1252")
    assert b"VIE\xc4T NAM" == "VIEÄT NAM".encode("cp1252")


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
def test_known_phrases_decode(encoding):
    assert [decode_legacy(b, encoding) for b in REAL_BYTES[encoding]] == PHRASES
    assert [encode_legacy(p, encoding) for p in PHRASES] == REAL_BYTES[encoding]


def test_vni_upper_case_and_single_byte_letters():
    data = "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM; Ñaø Naüng; ñi; ôû; ñöôøng; Quî; Æ".encode("cp1252")
    assert decode_legacy(data, "vni") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM; Đà Nẵng; đi; ở; đường; Quỵ; Ỉ"


def test_tcvn3_upper_case_letters():
    # Ă Â Ê Ô Ơ Ư Đ are single bytes; upper-case toned letters do not exist and read as lower case
    assert decode_legacy("§¡¢£¤¥¦ ¨©ª«¬\xad®".encode("cp1252"), "tcvn3") == "ĐĂÂÊÔƠƯ ăâêôơưđ"
    assert decode_legacy("§éC LËP".encode("cp1252"), "tcvn3") == "ĐộC LậP"
    assert encode_legacy("ĐỘC LẬP", "tcvn3") == encode_legacy("ĐộC LậP", "tcvn3") == b"\xa7\xe9C L\xcbP"


def test_the_alphabet_has_134_precomposed_letters():
    assert len(VIETNAMESE_LETTERS) == 134 and len(LOWER_LETTERS) == len(UPPER_LETTERS) == 67
    assert all(unicodedata.is_normalized("NFC", c) and len(c) == 1 for c in VIETNAMESE_LETTERS)
    assert {"ằ", "ỵ", "Ữ", "đ", "Đ", "ơ", "Ư"} <= set(VIETNAMESE_LETTERS)


@pytest.mark.parametrize("encoding", ["vni", "cp1258"])
def test_full_alphabet_round_trip(encoding):
    alphabet = " ".join(VIETNAMESE_LETTERS)
    encoded = encode_legacy(alphabet, encoding)
    assert decode_legacy(encoded, encoding) == alphabet
    # every letter has its own encoding
    assert len({encode_legacy(c, encoding) for c in VIETNAMESE_LETTERS}) == 134


def test_full_alphabet_round_trip_tcvn3():
    lower = " ".join(LOWER_LETTERS + ("Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"))
    assert decode_legacy(encode_legacy(lower, "tcvn3"), "tcvn3") == lower
    assert len({encode_legacy(c, "tcvn3") for c in LOWER_LETTERS}) == 67
    # an upper-case toned letter is written with its lower-case byte, and comes back lower case
    upper_toned = [c for c in UPPER_LETTERS if c not in "ĂÂÊÔƠƯĐ"]
    assert len(upper_toned) == 60
    assert decode_legacy(encode_legacy("".join(upper_toned), "tcvn3"), "tcvn3") == "".join(upper_toned).lower()


def test_every_byte_of_the_tables_is_a_vietnamese_letter():
    assert len(decode_legacy(bytes(range(0xA8, 0xAF)), "tcvn3")) == 7
    defined = [b for b in range(0x80, 0x100) if "\ufffd" not in decode_legacy(bytes([b]), "tcvn3", strict=False)]
    assert len(defined) == 14 + 60 + 1  # Ă…Đ, ă…đ; 60 toned lower-case letters; no-break space


@pytest.mark.parametrize("word, valid", [
    ("Việt", True), ("nghiêng", True), ("khuỷu", True), ("Quỳnh", True), ("người", True), ("gì", True),
    ("kênh", True), ("ngoằn", True), ("Viờụt", False), ("ké", True), ("cé", False), ("ghà", False),
    ("héi", False), ("Vieọt", False), ("chñ", False), ("xã", True), ("x·", False)])
def test_syllable_check(word, valid):
    assert is_vietnamese_syllable(word) is valid


TEXT = "Mã hồ sơ,Chủ hồ sơ\r\n000.27.35.H56-240103-0001,Lê Thị Hằng\r\n" + ", ".join(PHRASES) + "\r\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (unicodedata.normalize("NFD", TEXT).encode("utf-8"), "utf-8"),
    (TEXT.encode("utf-16"), "utf-16"),  # BOM, native order
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: from the NUL bytes
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (encode_legacy(TEXT, "cp1258"), "cp1258"),
    (encode_legacy(TEXT, "vni"), "vni"),
    (encode_legacy(TEXT, "tcvn3"), "tcvn3"),
])
def test_decode_text_detects_and_returns_nfc(data, encoding):
    text, detected = decode_text(data, "ds.csv")
    assert detected == encoding
    assert text == TEXT and unicodedata.is_normalized("NFC", text)


def test_real_utf16_le_bytes():
    assert decode_text(b"\xff\xfeV\x00i\x00\xc7\x1et\x00", "a.csv") == ("Việt", "utf-16")
    assert decode_text(b"\xfe\xff\x00V\x00i\x1e\xc7\x00t", "a.csv") == ("Việt", "utf-16")
    assert decode_text(b"\xef\xbb\xbfVi\xe1\xbb\x87t", "a.csv") == ("Việt", "utf-8-sig")


def test_pure_ascii_is_utf8():
    assert decode_text(b"STT,Ma ho so\r\n1,HS-1\r\n", "a.csv") == ("STT,Ma ho so\r\n1,HS-1\r\n", "utf-8")


def test_ambiguous_bytes_are_rejected_naming_the_candidates():
    # "ñi ô ñi" is "đi ơ đi" in VNI and "ủi ụ ủi" in TCVN3: both read as Vietnamese
    with pytest.raises(SourceError) as caught:
        decode_text(b"\xf1i \xf4 \xf1i\r\n", "nghi-ngo.csv")
    assert str(caught.value) == ("tệp nghi-ngo.csv: không xác định được bảng mã của tệp: có thể là TCVN3 hoặc VNI; "
                                 "hãy lưu lại tệp dưới dạng UTF-8 (CSV UTF-8)")


@pytest.mark.parametrize("data", [
    "Café crème à la française, déjà vu, très élevé, garçon".encode("cp1252"),  # Windows-1252 French
    bytes(range(0x80, 0x100)) * 4,  # garbage
    encode_legacy("Hoằng Hóa", "tcvn3"),  # two words only: too little evidence
])
def test_undeterminable_encodings_are_rejected(data):
    with pytest.raises(SourceError, match="không xác định được bảng mã của tệp: có thể là .*; hãy lưu lại tệp "
                                          "dưới dạng UTF-8"):
        decode_text(data, "la.csv")


def test_utf8_file_with_a_legacy_line_is_rejected_with_the_line():
    lines = [f"{i},Hồ sơ số {i} của xã Hoằng Cát".encode("utf-8") for i in range(1, 50)]
    lines[29] = encode_legacy("30,Hồ sơ số 30 của xã Hoằng Cát", "cp1258")
    with pytest.raises(SourceError) as caught:
        decode_text(b"\r\n".join(lines), "tron.csv")
    assert caught.value.row == 30 and "không phải UTF-8" in str(caught.value)


def test_a_byte_outside_the_detected_table_names_the_line():
    data = encode_legacy("\r\n".join(PHRASES * 5), "tcvn3") + b"\r\nx\xc0y"  # 0xC0: not in TCVN3 (VN3)
    with pytest.raises(SourceError) as caught:
        decode_text(data, "a.csv")
    assert str(caught.value) == "tệp a.csv, dòng 16: byte 0xC0 không thuộc bảng mã TCVN3"


# --- every CSV goes through the detection -------------------------------------------------------

@pytest.mark.parametrize("encoding", ["cp1258", "vni", "tcvn3", "utf-16", "utf-8"])
def test_listing_csv_in_each_encoding_reads_the_same(tmp_path, encoding):
    path = write_csv(tmp_path / "ds.csv", listing_rows(xlsx=False), encoding="utf-8")
    content = path.read_text(encoding="utf-8")
    if encoding in ("cp1258", "vni", "tcvn3"):
        path.write_bytes(encode_legacy(content, encoding))
    else:
        path.write_bytes(content.encode(encoding))
    assert read_all(listing.FORMAT, path) == EXPECTED_LISTING
    meta = listing.FORMAT.metadata(path)
    assert (meta["tu_ngay"], meta["den_ngay"]) == ("2024-01-01", "2024-12-31")
    if encoding == "tcvn3":  # no upper-case toned letters in TCVN3
        assert meta["tieu_de"][0] == "UBND TỉNH THANH HóA" and meta["bang_ma"] == "TCVN3"
    elif encoding in ("cp1258", "vni"):
        assert meta["tieu_de"][0] == "UBND TỈNH THANH HÓA" and meta["bang_ma"] == encoding.upper()
    else:
        assert "bang_ma" not in meta


def test_semicolon_csv_as_excel_saves_it_with_vietnamese_settings(tmp_path):
    rows = [[str(c) if c is not None else "" for c in row] for row in listing_rows(xlsx=False)]
    text = "".join(";".join(row) + "\r\n" for row in rows)  # no cell holds ";" or a quote
    path = tmp_path / "ds-semicolon.csv"
    path.write_bytes(encode_legacy(text, "vni"))
    assert read_all(listing.FORMAT, path) == EXPECTED_LISTING


def test_legacy_csv_loads_into_the_warehouse(warehouse, tmp_path):
    """The CSV that test_bad_input once had to refuse (not UTF-8) now loads, in the right letters."""
    from etl.pipeline import ingest
    from test_bad_input import LISTING_HEADER, listing_row

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("don-vi-hanh-chinh.csv", "danh-muc-tthc.csv"):
        shutil.copy(FIXTURES / "small" / name, inbox / name)
    lines = ["UBND XÃ HOẰNG CÁT", "DANH SÁCH HỒ SƠ", "(Từ ngày 01/01/2024 đến ngày 31/01/2024)", "",
             ",".join(f'"{h}"' for h in LISTING_HEADER)]
    lines += [",".join(f'"{v}"' for v in listing_row(n)) for n in range(1, 4)]
    (inbox / "danh-sach-tcvn3.csv").write_bytes(encode_legacy("\r\n".join(lines) + "\r\n", "tcvn3"))
    summary = ingest([inbox], source="test", load_date=date(2024, 2, 1), progress=lambda _: None)
    result = {f.file: f for f in summary.files}["danh-sach-tcvn3.csv"]
    assert (result.status, result.rows_read, result.rows_loaded) == ("loaded", 3, 3)
    assert query(warehouse, "SELECT count(*) FROM dw.fact_dossier") == [(3,)]
    assert query(warehouse, "SELECT metadata->>'bang_ma' FROM audit.landed_file "
                            "WHERE original_name = 'danh-sach-tcvn3.csv'") == [("TCVN3",)]
