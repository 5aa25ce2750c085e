"""Excel data validation of the cells to fill in the workbook: Excel itself refuses a wrong value as it is typed,
with a Vietnamese message, long before the reader (etl/sources/report_inputs.py) checks the file again.

One rule per type of item or list column (config/report_inputs.yaml); a rule holds every cell of its type on a
sheet. Excel caps a list written in the rule at 255 characters and splits it on commas.
"""
from __future__ import annotations

from datetime import date

from openpyxl.worksheet.datavalidation import DataValidation

from etl import vi
from etl.inputs.catalogue import YES_NO

TEXT_MAX_LENGTH = 500  # a "chu" cell: one line (a plan's name and number, an address)
EARLIEST_DAY = date(1945, 9, 2)  # a document date before this is a typing error
_LIST_LIMIT = 255


def whole_number() -> DataValidation:
    return _rule(type="whole", operator="greaterThanOrEqual", formula1="0",
                 error="Nhập số nguyên không âm (0, 1, 2, …), không nhập chữ hay số thập phân.")


def percentage() -> DataValidation:
    return _rule(type="decimal", operator="between", formula1="0", formula2="100",
                 error="Nhập tỷ lệ phần trăm từ 0 đến 100 (ví dụ 95,5), không kèm dấu %.")


def yes_no() -> DataValidation:
    return choice(YES_NO, what="Có hoặc Không")


def short_text() -> DataValidation:
    return _rule(type="textLength", operator="lessThanOrEqual", formula1=str(TEXT_MAX_LENGTH),
                 error=f"Nội dung ngắn, tối đa {vi.number(TEXT_MAX_LENGTH)} ký tự; nội dung dài ghi ở mục đoạn văn.")


def any_day() -> DataValidation:
    return _rule(type="date", operator="greaterThanOrEqual", formula1=_excel_date(EARLIEST_DAY),
                 error="Nhập ngày dạng dd/mm/yyyy.")


def day_until(last_day: date) -> DataValidation:
    """A real date from EARLIEST_DAY to ``last_day`` (the period's cut-off): nothing after the period."""
    return _rule(type="date", operator="between", formula1=_excel_date(EARLIEST_DAY), formula2=_excel_date(last_day),
                 error=f"Nhập ngày dạng dd/mm/yyyy, không sau ngày chốt số liệu {vi.day(last_day)}.")


def choice(values: tuple[str, ...], what: str | None = None) -> DataValidation:
    """One of ``values``, picked from a drop-down list."""
    bad = [v for v in values if "," in v or '"' in v]
    formula = '"' + ",".join(values) + '"'
    if bad or len(formula) > _LIST_LIMIT:
        raise ValueError(f"Danh sách chọn không ghi được vào quy tắc kiểm tra của Excel (tối đa {_LIST_LIMIT} ký tự, "
                         f"không có dấu phẩy hay ngoặc kép): {', '.join(values)}")
    return _rule(type="list", formula1=formula, error=f"Chọn một giá trị trong danh sách: {what or ', '.join(values)}.")


def _rule(**kwargs) -> DataValidation:
    error = kwargs.pop("error")
    return DataValidation(allow_blank=True, showErrorMessage=True, errorStyle="stop",
                          errorTitle="Giá trị không hợp lệ", error=error, **kwargs)


def _excel_date(day: date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"
