"""The fill-in workbook of a periodic CCHC report ("Phiếu số liệu báo cáo CCHC"): what a unit states that no
TTHC system records (config/report_inputs.yaml, docs/formats.md §11)."""
