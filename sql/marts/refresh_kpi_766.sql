-- Recompute mart.kpi_766 for one calendar period (%(period_code)s, %(first_day)s .. %(last_day)s).
-- Rules (../shared/domain.md §1.3, §1.4; every dossier counts at the unit version that received it):
--   DOSSIER_ON_TIME (2.1): of the dossiers received in the period (statuses 1 and 3 are not received for
--     processing), those that ended by the period's last day on or before their due day — the days spent
--     waiting for supplements subtracted from the finish — plus those still open whose due day is not yet
--     past on the last day; more than one supplement request makes a dossier overdue. Ended = 7, 8, 9, 10.
--   FULL_ONLINE_DOSSIER: received online (channel 2) with a toàn trình procedure at receipt ÷ received with a
--     toàn trình procedure at receipt. ONLINE_DOSSIER (3.3, monitoring): online ÷ received.
--   ORIGINAL_RESULT_AVAILABLE (4.1): resolved (9, 10) in the period with an electronic result ÷ resolved.
--   SO_HOA_GIAY_TO_GIAI_QUYET (4.2): received with a digitised component ÷ received.
--   ONLINE_PAYMENT (3.6, §1.4): A = received with a fee and paid online ÷ received with a fee;
--     B = fee procedures of the unit's level with a dossier paid online at the unit ÷ fee procedures of its
--     level; C = fee procedures of its level with a dossier at the unit ÷ fee procedures of its level;
--     score 6·A + min(2, 2.5·B) + 2.5·C. Stored numerator/denominator/ratio are A's.
--   Indicators whose computed_from is null get a row thieu_du_lieu (no ratio, no score).
DELETE FROM mart.kpi_766 WHERE period_code = %(period_code)s;

CREATE TEMP TABLE kpi_dossier ON COMMIT DROP AS
SELECT f.unit_key, f.procedure_key, p.ma_tthc, p.co_phi,
       f.received_date_key BETWEEN to_char(%(first_day)s::date, 'YYYYMMDD')::int
                               AND to_char(%(last_day)s::date, 'YYYYMMDD')::int AS received_in_period,
       f.finished_date_key IS NOT NULL AND f.finished_date_key <= to_char(%(last_day)s::date, 'YYYYMMDD')::int
           AND f.status_code IN (7, 8, 9, 10) AS ended_by_period_end,
       f.finished_date_key BETWEEN to_char(%(first_day)s::date, 'YYYYMMDD')::int
                               AND to_char(%(last_day)s::date, 'YYYYMMDD')::int
           AND f.status_code IN (9, 10) AS resolved_in_period,
       f.supplement_count <= 1
           AND ((f.finished_at - coalesce(f.supplement_wait_days, 0) * interval '1 day')
                 AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= (f.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
           AS ended_in_time,
       f.supplement_count <= 1
           AND (f.due_date_key IS NULL OR f.due_date_key >= to_char(%(last_day)s::date, 'YYYYMMDD')::int)
           AS open_not_yet_due,
       f.channel_code, f.online_level_at_receipt, f.electronic_result, f.digitised_input, f.has_fee, f.paid_online
FROM dw.fact_dossier f
JOIN dw.dim_procedure p USING (procedure_key)
WHERE f.status_code NOT IN (1, 3)
  AND (f.received_date_key BETWEEN to_char(%(first_day)s::date, 'YYYYMMDD')::int
                               AND to_char(%(last_day)s::date, 'YYYYMMDD')::int
       OR f.finished_date_key BETWEEN to_char(%(first_day)s::date, 'YYYYMMDD')::int
                                  AND to_char(%(last_day)s::date, 'YYYYMMDD')::int);

CREATE TEMP TABLE kpi_value ON COMMIT DROP AS
WITH per_unit AS (
    SELECT unit_key,
           count(*) FILTER (WHERE received_in_period) AS received,
           count(*) FILTER (WHERE received_in_period AND (CASE WHEN ended_by_period_end THEN ended_in_time
                                                                ELSE open_not_yet_due END)) AS on_time,
           count(*) FILTER (WHERE received_in_period AND channel_code = 2) AS online,
           count(*) FILTER (WHERE received_in_period AND online_level_at_receipt = 'toan_trinh') AS full_online_eligible,
           count(*) FILTER (WHERE received_in_period AND online_level_at_receipt = 'toan_trinh' AND channel_code = 2)
               AS full_online,
           count(*) FILTER (WHERE resolved_in_period) AS resolved,
           count(*) FILTER (WHERE resolved_in_period AND electronic_result) AS electronic,
           count(*) FILTER (WHERE received_in_period AND digitised_input) AS digitised,
           count(*) FILTER (WHERE received_in_period AND has_fee) AS with_fee,
           count(*) FILTER (WHERE received_in_period AND has_fee AND paid_online) AS paid_online,
           count(DISTINCT ma_tthc) FILTER (WHERE received_in_period AND co_phi AND paid_online) AS fee_procedures_paid_online,
           count(DISTINCT ma_tthc) FILTER (WHERE received_in_period AND co_phi) AS fee_procedures_with_dossiers
    FROM kpi_dossier
    GROUP BY unit_key
), fee_procedures AS (
    SELECT u.unit_key, count(p.procedure_key) AS of_level
    FROM per_unit u
    JOIN dw.dim_unit du USING (unit_key)
    LEFT JOIN dw.dim_procedure p ON p.co_phi AND p.cap_thuc_hien = du.level
         AND %(last_day)s::date >= p.valid_from AND %(last_day)s::date < p.valid_to
    GROUP BY u.unit_key
)
SELECT u.unit_key, v.indicator_code, v.numerator, v.denominator, v.payment_b, v.payment_c
FROM per_unit u
JOIN fee_procedures fp USING (unit_key)
CROSS JOIN LATERAL (VALUES
    ('DOSSIER_ON_TIME', u.on_time::numeric, u.received::numeric, NULL::numeric, NULL::numeric),
    ('FULL_ONLINE_DOSSIER', u.full_online, u.full_online_eligible, NULL, NULL),
    ('ONLINE_DOSSIER', u.online, u.received, NULL, NULL),
    ('ORIGINAL_RESULT_AVAILABLE', u.electronic, u.resolved, NULL, NULL),
    ('SO_HOA_GIAY_TO_GIAI_QUYET', u.digitised, u.received, NULL, NULL),
    ('ONLINE_PAYMENT', u.paid_online, u.with_fee,
     u.fee_procedures_paid_online::numeric / nullif(fp.of_level, 0),
     u.fee_procedures_with_dossiers::numeric / nullif(fp.of_level, 0))
) AS v (indicator_code, numerator, denominator, payment_b, payment_c);

INSERT INTO mart.kpi_766 (period_code, period_first_day, period_last_day, unit_key, weighting, indicator_code,
                          numerator, denominator, ratio, score, max_score, status)
SELECT %(period_code)s, %(first_day)s, %(last_day)s, units.unit_key, i.weighting, i.indicator_code,
       v.numerator, v.denominator,
       round(100 * v.numerator / nullif(v.denominator, 0), 2),
       CASE WHEN i.score_rule = 'theo_doi' OR coalesce(v.denominator, 0) = 0 THEN NULL
            WHEN i.score_rule = 'ty_le' THEN round(i.max_score * v.numerator / v.denominator, 2)
            WHEN i.score_rule = 'ty_le_tran' THEN round(least(i.max_score, i.max_score * v.numerator / v.denominator / i.full_at), 2)
            WHEN i.score_rule = 'thanh_toan' THEN round(least(i.max_score,
                 6 * v.numerator / v.denominator + least(2, 2.5 * coalesce(v.payment_b, 0)) + 2.5 * coalesce(v.payment_c, 0)), 2)
       END,
       i.max_score,
       CASE WHEN i.computed_from IS NULL THEN 'thieu_du_lieu'
            WHEN coalesce(v.denominator, 0) = 0 THEN 'khong_phat_sinh'
            ELSE 'tinh_duoc' END
FROM (SELECT DISTINCT unit_key FROM kpi_value) units
JOIN mart.kpi_766_indicator i
  ON %(last_day)s::date >= i.active_from AND %(last_day)s::date < i.active_to
LEFT JOIN kpi_value v ON v.unit_key = units.unit_key AND v.indicator_code = i.indicator_code
                     AND i.computed_from IS NOT NULL;
