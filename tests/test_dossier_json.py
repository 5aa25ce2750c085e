"""The national sync payload reader, on tiny files."""
from __future__ import annotations

import json
import unicodedata

import pytest

from etl.sources import dossier_json
from etl.canonical import DOSSIER_COLUMNS, SourceError


def write(tmp_path, data, **envelope):
    path = tmp_path / "payload.json"
    path.write_text(json.dumps({"madonvi": "000.35.27.H56", "service": "DongBoHoSoMC", **envelope, "data": data},
                               ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def rows(path, **kwargs):
    return [r for chunk in dossier_json.read(path, **kwargs) for r in chunk.to_dict("records")]


def test_fields_become_canonical_text(tmp_path):
    path = write(tmp_path, [{
        "MaHoSo": "000.35.27.H56-240105-0001", "MaTTHC": "1.001193.000.00.00.H56", "KenhThucHien": 2,
        "TrangThaiHoSo": 10, "NgayTiepNhan": "20240105080000", "NgayHenTra": 20240110170000,
        "DuocThanhToanTrucTuyen": 1, "HinhThuc": 0,
        "DanhSachLePhi": [{"Gia": 50000}, {"Gia": "20000"}],
        "TaiLieuNop": [{"DuocSoHoa": 0}, {"DuocSoHoa": 1}],
        "DanhSachGiayToKetQua": [{"DuongDanTepTinKetQua": ""}, {"DuongDanTepTinKetQua": "https://kq/1"}],
        "DanhSachHoSoBoSung": [{"NgayBoSung": "20240106080000", "NgayTiepNhanBoSung": "20240107200000"}],
        "SoBienNhan": "BN-1", "MaHoSoCu": None,
    }])
    [row] = rows(path)
    assert list(row) == list(DOSSIER_COLUMNS)
    assert row["row_no"] == 1 and row["ma_don_vi"] == "000.35.27.H56"
    assert (row["kenh_thuc_hien"], row["trang_thai_ho_so"], row["ngay_hen_tra"]) == ("2", "10", "20240110170000")
    assert (row["phi_le_phi"], row["so_hoa_thanh_phan"], row["ket_qua_dien_tu"]) == ("70000", "1", "1")
    assert (row["so_lan_bo_sung"], row["ngay_cho_bo_sung"]) == ("1", "1.50")
    assert json.loads(row["extra"]) == {"SoBienNhan": "BN-1", "MaHoSoCu": None}
    assert row["email"] is None and row["ngay_tra"] is None


def test_no_fee_list_means_no_fee_information(tmp_path):
    [row] = rows(write(tmp_path, [{"MaHoSo": "X", "DanhSachLePhi": []}]))
    assert row["phi_le_phi"] is None and row["so_lan_bo_sung"] == "0" and row["extra"] is None


def test_decomposed_text_comes_out_nfc(tmp_path):
    name = unicodedata.normalize("NFD", "Thủ tục đăng ký khai sinh")
    [row] = rows(write(tmp_path, [{"MaHoSo": "X", "TenTTHC": name}]))
    assert row["ten_tthc"] == "Thủ tục đăng ký khai sinh" and unicodedata.is_normalized("NFC", row["ten_tthc"])


def test_a_non_object_item_is_kept_for_quarantine(tmp_path):
    [row] = rows(write(tmp_path, ["không phải hồ sơ"]))
    assert row["ma_ho_so"] is None and json.loads(row["extra"]) == {"_phan_tu": "không phải hồ sơ"}


def test_chunks(tmp_path):
    chunks = list(dossier_json.read(write(tmp_path, [{"MaHoSo": str(i)} for i in range(5)]), chunk_rows=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert [r for c in chunks for r in c["row_no"]] == [1, 2, 3, 4, 5]


def test_truncated_file_names_the_line(tmp_path):
    path = write(tmp_path, [{"MaHoSo": str(i)} for i in range(20)])
    path.write_bytes(path.read_bytes()[:150])
    with pytest.raises(SourceError) as caught:
        rows(path)
    assert caught.value.row is not None and caught.value.row > 1
    assert str(caught.value).startswith("tệp payload.json, dòng ")
    assert "JSON không hợp lệ hoặc bị cắt cụt" in str(caught.value)


def test_other_services_and_shapes_are_refused(tmp_path):
    with pytest.raises(SourceError, match='dịch vụ "CapNhatTienDoHoSoMC" không được hỗ trợ'):
        rows(write(tmp_path, [], service="CapNhatTienDoHoSoMC"))
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(SourceError, match='thiếu mảng "data"'):
        rows(path)


def test_non_utf8_bytes_are_refused_with_position(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes('{"data": [{"TenTTHC": "Hộ tịch"}]}'.encode("utf-16-le"))
    with pytest.raises(SourceError, match="không phải UTF-8"):
        rows(path)
