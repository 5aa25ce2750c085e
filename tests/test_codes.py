"""The dossier code lists are written once, in etl/codes.py: the warehouse's dimensions (created by the first
migration) say the same, and the listing reader reads the same names."""
from __future__ import annotations

from conftest import query
from etl import codes
from etl.sources import listing


def test_the_warehouse_dimensions_hold_the_code_lists(warehouse):
    assert dict(query(warehouse, "SELECT status_code, name FROM dw.dim_status")) == codes.STATUSES
    assert {c for (c,) in query(warehouse, "SELECT status_code FROM dw.dim_status WHERE is_final")} \
        == codes.FINAL_STATUSES
    assert {c for (c,) in query(warehouse, "SELECT status_code FROM dw.dim_status WHERE is_resolved")} \
        == codes.RESOLVED_STATUSES
    assert dict(query(warehouse, "SELECT channel_code, name FROM dw.dim_channel")) == codes.CHANNELS


def test_the_listing_reads_the_names_of_the_code_lists():
    convert = dict(listing.LAYOUT.fields.values())
    assert [convert["trang_thai_ho_so"](name) for name in codes.STATUSES.values()] == [
        str(code) for code in codes.STATUSES]
    assert convert["trang_thai_ho_so"]("đã trả  kết quả") == "10"  # compared folded
    assert [convert["kenh_thuc_hien"](name) for name in codes.CHANNELS.values()] == ["1", "2", "3"]
