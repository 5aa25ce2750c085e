-- Every QĐ 766 indicator of the weighting in force on the calendar period's last day, with the unit's
-- figures; an indicator without a row (no dossier in the period) is khong_phat_sinh, or thieu_du_lieu when
-- the warehouse has no data for it at all. Ordered by group as on the portal.
SELECT i.indicator_code AS code, i.group_name, i.indicator_name AS name, k.numerator, k.denominator, k.ratio,
       k.score, i.max_score,
       coalesce(k.status, CASE WHEN i.computed_from IS NULL THEN 'thieu_du_lieu' ELSE 'khong_phat_sinh' END)
           AS status
FROM mart.kpi_766_indicator i
LEFT JOIN mart.kpi_766 k
       ON k.weighting = i.weighting AND k.indicator_code = i.indicator_code
      AND k.period_code = %(period_code)s AND k.unit_code = %(unit_code)s AND k.restated = %(restated)s
WHERE %(last_day)s::date >= i.active_from AND %(last_day)s::date < i.active_to
ORDER BY array_position(ARRAY['cong_khai', 'tien_do', 'dvctt', 'thanh_toan', 'so_hoa', 'hai_long'], i.group_code),
         i.max_score DESC, i.indicator_code;
