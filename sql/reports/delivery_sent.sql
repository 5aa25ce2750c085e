-- The latest successful delivery of a report, a workbook request or a reminder (purpose), if any: one with a
-- da_gui row is not sent again unless forced (dang_gui and loi rows do not count as sent).
SELECT delivery_id, recipients, files, message_id, finished_at
FROM audit.report_delivery
WHERE unit_code = %(unit_code)s
  AND period_code = %(period_code)s
  AND restated = %(restated)s
  AND purpose = %(purpose)s
  AND status = 'da_gui'
ORDER BY finished_at DESC, delivery_id DESC
LIMIT 1
