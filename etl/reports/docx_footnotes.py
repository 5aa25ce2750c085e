"""Real footnotes in a python-docx document, which has no footnote API.

A footnote in WordprocessingML is a ``<w:footnote w:id="n">`` in the part word/footnotes.xml (related to the
document part), referred to by a run ``<w:footnoteReference w:id="n"/>`` in the text. Word and LibreOffice
expect the part to start with the separator (id -1) and continuation separator (id 0) footnotes, the settings
to name them (``w:footnotePr``), and the styles "footnote text" and "footnote reference" (superscript number)
to exist. ``Footnotes`` adds all of that on the first footnote, then numbers footnotes 1, 2, … in order.
"""
from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

TEXT_STYLE, REFERENCE_STYLE = "FootnoteText", "FootnoteReference"
_SEPARATORS = f"""<w:footnotes {nsdecls("w", "r")}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>
    </w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
    w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""
# the two styles as Word defines them, in the report's typeface; size in half-points
_STYLES = f"""<w:styles {nsdecls("w")}>
  <w:style w:type="paragraph" w:styleId="{TEXT_STYLE}"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>
    <w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:before="0" w:after="0" w:line="240"
    w:lineRule="auto"/><w:jc w:val="both"/></w:pPr><w:rPr><w:sz w:val="{{size}}"/><w:szCs w:val="{{size}}"/></w:rPr>
  </w:style>
  <w:style w:type="character" w:styleId="{REFERENCE_STYLE}"><w:name w:val="footnote reference"/>
    <w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
</w:styles>"""
# w:settings children that follow w:footnotePr in the schema sequence
_AFTER_FOOTNOTE_PR = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                      "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                      "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                      "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                      "w:decimalSymbol", "w:listSeparator")


def _reference_run(tag: str, note_id: int | None = None):
    """A run in the footnote reference style holding ``tag`` (w:footnoteReference in the text, w:footnoteRef
    in the footnote itself)."""
    run, properties, style = OxmlElement("w:r"), OxmlElement("w:rPr"), OxmlElement("w:rStyle")
    style.set(qn("w:val"), REFERENCE_STYLE)
    properties.append(style)
    run.append(properties)
    mark = OxmlElement(tag)
    if note_id is not None:
        mark.set(qn("w:id"), str(note_id))
    run.append(mark)
    return run


class Footnotes:
    """The footnotes of one document. ``size_pt``: the size of the footnote text."""

    def __init__(self, document, size_pt: float = 12):
        self._document = document
        self._size = round(size_pt * 2)
        self._part: XmlPart | None = None
        self.count = 0

    def _footnotes_part(self) -> XmlPart:
        if self._part is None:
            document_part = self._document.part
            self._part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_SEPARATORS),
                                 document_part.package)
            document_part.relate_to(self._part, RT.FOOTNOTES)
            styles = self._document.styles.element
            for style in parse_xml(_STYLES.format(size=self._size)):
                styles.append(style)
            settings = self._document.settings.element
            properties = OxmlElement("w:footnotePr")
            for special in ("-1", "0"):
                entry = OxmlElement("w:footnote")
                entry.set(qn("w:id"), special)
                properties.append(entry)
            settings.insert_element_before(properties, *_AFTER_FOOTNOTE_PR)
        return self._part

    def add(self, paragraph, text: str, font: str) -> int:
        """Adds a footnote of ``text`` (in ``font``) referred to at the end of ``paragraph``; its number."""
        part = self._footnotes_part()
        self.count += 1
        paragraph._p.append(_reference_run("w:footnoteReference", self.count))
        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), str(self.count))
        body = OxmlElement("w:p")
        properties, style = OxmlElement("w:pPr"), OxmlElement("w:pStyle")
        style.set(qn("w:val"), TEXT_STYLE)
        properties.append(style)
        body.append(properties)
        body.append(_reference_run("w:footnoteRef"))
        run, run_properties, fonts, words = (OxmlElement("w:r"), OxmlElement("w:rPr"), OxmlElement("w:rFonts"),
                                             OxmlElement("w:t"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), font)
        run_properties.append(fonts)
        run.append(run_properties)
        words.set(qn("xml:space"), "preserve")
        words.text = f" {text}"
        run.append(words)
        body.append(run)
        footnote.append(body)
        part.element.append(footnote)
        return self.count
