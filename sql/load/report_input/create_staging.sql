-- The staging table of one filled workbook (etl/kinds.py REPORT_INPUT): one row per cell, typed by
-- etl/inputs/normalise.py; private to the loading session, gone at commit or rollback.
CREATE TEMP TABLE stg_report_input (
    line_no      integer NOT NULL,  -- the row on its sheet
    phan         text    NOT NULL,  -- thong_tin (Thông tin phiếu), so_lieu (an item of Số liệu) or a list's code
    ma           text    NOT NULL,  -- the key of Thông tin phiếu, the item's code or the list column's code
    value_number numeric,
    value_text   text,
    value_date   date,
    carried      boolean NOT NULL,  -- marked "Lấy từ kỳ trước — cần kiểm tra"
    ma_don_vi    text    NOT NULL,
    ky_bao_cao   text    NOT NULL,
    ky_truoc     text    NOT NULL,  -- the previous period, whose workbook pre-filled the carried cells
    phien_ban    text    NOT NULL
) ON COMMIT DROP;
