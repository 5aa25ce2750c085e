-- A workbook names its unit on "Thông tin phiếu": a unit the warehouse does not know refuses the workbook
-- (the rejected reason fails the file, etl/kinds.py); no row when the unit is known.
SELECT 'trang ''Thông tin phiếu'' ghi mã đơn vị ' || s.ma_don_vi || ', không có trong danh mục đơn vị của kho '
       '(dw.dim_unit): phiếu của đơn vị khác, hoặc danh mục đơn vị chưa được nạp; hãy gửi đúng phiếu của đơn vị, '
       'hoặc nạp danh mục đơn vị trước' AS rejected
FROM (SELECT DISTINCT ma_don_vi FROM stg_report_input) s
WHERE NOT EXISTS (SELECT 1 FROM dw.dim_unit u WHERE u.unit_code = s.ma_don_vi);
