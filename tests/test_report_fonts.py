"""The report typeface: the shipped Liberation Serif 2.1.5 files (etl/reports/fonts/), the PDF that embeds
nothing else and fails rather than fall back, the HTML page's embedded subsets, and the PDF masthead whose two
columns no longer run into each other. No database."""
from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from html import unescape

import pytest
from fontTools.ttLib import TTFont

from etl.reports import html_report, pdf, wording
from etl.reports.html_report import ReportFontError
import report_examples as ex

FACES = ["LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
         "LiberationSerif-BoldItalic.ttf"]
VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # none, huyền, sắc, hỏi, ngã, nặng
VIETNAMESE = {unicodedata.normalize("NFC", v + t) for v in VOWELS + VOWELS.upper() for t in TONES} | set("đĐ")
PUNCTUATION = set("…–“”")


def test_every_vietnamese_letter_is_precomposed():
    assert len(VIETNAMESE) == 12 * 6 * 2 + 2 and all(len(letter) == 1 for letter in VIETNAMESE)
    assert {"ế", "Ế", "ợ", "Ự", "ỷ", "ẵ", "đ", "Đ", "ơ", "ư"} <= VIETNAMESE


@pytest.mark.parametrize("name", FACES)
def test_each_face_has_every_vietnamese_letter(name):
    font = TTFont(html_report.FONTS / name)
    cmap = font.getBestCmap()
    wanted = VIETNAMESE | PUNCTUATION | {chr(c) for c in range(0x20, 0x7F)}
    assert sorted(c for c in wanted if ord(c) not in cmap) == []
    names = font["name"]
    assert names.getDebugName(1) == "Liberation Serif" and names.getDebugName(5).startswith("Version 2.1.5")


def test_fonts_ship_with_their_licence_and_source():
    assert sorted(p.name for p in html_report.FONTS.glob("*.ttf")) == sorted(FACES)
    assert set(html_report.FONT_FACES.values()) == set(FACES)
    licence = (html_report.FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Reserved Font Name Liberation" in licence
    assert "?" not in licence  # the Debian copy's mangled em dashes are restored
    readme = (html_report.FONTS / "README.md").read_text(encoding="utf-8")
    assert "2.1.5-1" in readme and "fonts-liberation2" in readme and "github.com/liberationfonts" in readme


# --- PDF ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The PDF of each example: {"commune": bytes, "district": bytes}."""
    out = tmp_path_factory.mktemp("pdf")
    return {name: pdf.write_pdf(getattr(ex, name)(), out / f"{name}.pdf").read_bytes()
            for name in ("commune", "district")}


def test_pdf_embeds_only_liberation_serif(pdfs):
    commune_pdf = pdfs["commune"]
    names = pdf.embedded_fonts(commune_pdf)
    assert names and all(re.fullmatch(r"[A-Z]{6}\+Liberation-?Serif(-Bold)?(-Italic)?", n) for n in names), names
    styles = {n.split("+", 1)[1] for n in names}
    assert {"Liberation-Serif", "Liberation-Serif-Bold"} <= styles  # at least regular and bold
    if shutil.which("pdffonts"):  # poppler reads the same fonts
        listed = subprocess.run(["pdffonts", "-"], input=commune_pdf, capture_output=True, check=True).stdout.decode()
        assert {line.split()[0] for line in listed.splitlines()[2:]} == names


def test_pdf_html_names_only_the_shipped_family():
    page = html_report.render_html(ex.commune(), images="png", fonts="files")
    families = re.findall(r"font-family:\s*([^;}]+)", page)
    assert families and set(f.strip() for f in families) == {'"Liberation Serif"'}
    sources = re.findall(r"src:\s*url\(\"([^\"]+)\"\)", page)
    assert sorted(s.rsplit("/", 1)[1] for s in sources) == sorted(FACES)
    assert all(s.startswith("file:///") for s in sources)
    assert "@top-center { font-family: \"Liberation Serif\"; }" in page  # the page numbers too


def test_rendering_fails_clearly_without_the_font_files(tmp_path, monkeypatch):
    monkeypatch.setattr(html_report, "FONTS", tmp_path / "fonts")
    (tmp_path / "fonts").mkdir()
    target = tmp_path / "xa.pdf"
    with pytest.raises(ReportFontError, match="Không tìm thấy phông chữ Liberation Serif") as error:
        pdf.write_pdf(ex.commune(), target)
    assert "LiberationSerif-Regular.ttf" in str(error.value)
    assert not target.exists()
    with pytest.raises(ReportFontError, match="Không tìm thấy phông chữ Liberation Serif"):
        html_report.render_html(ex.commune())


def test_a_foreign_font_is_refused_not_embedded():
    fake = b"%PDF-1.7\n1 0 obj\n<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+DejaVu-Serif >>\nendobj\n"
    with pytest.raises(ReportFontError, match="PDF dùng phông chữ ngoài Liberation Serif: ABCDEF\\+DejaVu-Serif"):
        pdf.check_fonts(fake)
    with pytest.raises(ReportFontError, match="không nhúng phông chữ"):
        pdf.check_fonts(b"%PDF-1.7\n")
    assert pdf.check_fonts(b"<< /BaseFont /QWERTY+Liberation-Serif-Bold-Italic >>") == \
        {"QWERTY+Liberation-Serif-Bold-Italic"}


def test_a_letter_liberation_serif_lacks_fails_the_pdf(tmp_path):
    """"✓" is not in Liberation Serif: WeasyPrint would take it from another installed font; the PDF is refused."""
    if not shutil.which("fc-list") or not subprocess.run(["fc-list", ":charset=2713"], capture_output=True,
                                                         text=True).stdout.strip():
        pytest.skip("no installed font has ✓ to fall back to")
    data = replace(ex.commune(), place="Hoằng Cát ✓")
    with pytest.raises(ReportFontError, match="PDF dùng phông chữ ngoài Liberation Serif"):
        pdf.write_pdf(data, tmp_path / "xa.pdf")
    assert not (tmp_path / "xa.pdf").exists()


def test_the_pdf_fetches_nothing_but_its_fonts():
    fetcher = pdf._fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.invalid/font.ttf")
    regular = (html_report.FONTS / FACES[0]).resolve().as_uri()
    assert fetcher.fetch(regular).read(4) == b"\x00\x01\x00\x00"


def _words(content: bytes) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, word) of page 1, from ``pdftotext -bbox``."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=content,
                         capture_output=True, check=True).stdout.decode()
    return [(float(a), float(b), float(c), unescape(w)) for a, b, c, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
@pytest.mark.parametrize("example", ["commune", "district"])
def test_pdf_masthead_columns_do_not_overlap(example, pdfs):
    data = getattr(ex, example)()
    words = _words(pdfs[example])
    cong = next(w for w in words if w[3] == "CỘNG")
    line = sorted((w for w in words if abs(w[1] - cong[1]) < 3), key=lambda w: w[0])
    left = [w for w in line if w[0] < cong[0]]
    head = wording.header(data)
    first_left = head.parent or (head.issuer if isinstance(head.issuer, str) else head.issuer[0])
    assert " ".join(w[3] for w in left) == first_left  # e.g. "UBND TỈNH THANH HÓA", whole, on the first line
    assert cong[0] - max(w[2] for w in left) > 10  # points of white between the two columns
    assert " ".join(w[3] for w in line if w[0] >= cong[0]) == wording.QUOC_HIEU
    layout = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", "-", "-"], input=pdfs[example],
                            capture_output=True, check=True).stdout.decode()
    first = next(text for text in layout.splitlines() if text.strip())
    assert re.search(re.escape(first_left) + r"\s{2,}" + re.escape(wording.QUOC_HIEU), first), first


# --- HTML -----------------------------------------------------------------------------------------

def _faces(page: str) -> list[tuple[str, str, str, bytes]]:
    """(weight, style, format, font bytes) of each @font-face of an HTML page."""
    rules = re.findall(r"@font-face \{ font-family: \"Liberation Serif\"; font-weight: (\d+); font-style: (\w+); "
                       r"src: url\(data:font/(woff2?);base64,([A-Za-z0-9+/=]+)\) format\(\"woff2?\"\); \}", page)
    return [(w, s, f, base64.b64decode(data)) for w, s, f, data in rules]


def test_html_embeds_subsets_after_times_new_roman():
    page = html_report.render_html(ex.commune())
    assert 'html { font-family: "Times New Roman", "Liberation Serif", serif; }' in page
    faces = _faces(page)
    assert sorted((w, s) for w, s, _, _ in faces) == [("400", "italic"), ("400", "normal"), ("700", "italic"),
                                                     ("700", "normal")]
    characters = set(html_report.page_characters(page))
    assert {"ế", "ư", "ơ", "đ", "Đ"} <= characters  # the page's own letters
    full = TTFont(html_report.FONTS / FACES[0]).getBestCmap()
    for _, _, flavor, data in faces:
        assert data[:4] == (b"wOF2" if flavor == "woff2" else b"wOFF")
        cmap = TTFont(io.BytesIO(data)).getBestCmap()
        assert {chr(c) for c in cmap} == {c for c in characters if ord(c) in full}  # those and no others
        assert len(data) < 30_000
    assert len(page.encode()) < 250_000


def test_html_characters_skip_css_and_charts():
    page = '<style>Ω{}</style><p>Hoằng &amp; Cát</p><svg><text>Ж</text></svg>'
    assert html_report.page_characters(page) == "".join(sorted(set(" &0123456789CHátằgno")))
