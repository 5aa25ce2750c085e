-- Recompute mart.kpi_766 for one calendar period (%(period_code)s, %(first_day)s .. %(last_day)s).
-- Grain: a reported unit with every unit below it (mart.unit_rollup), in both readings (restated false/true);
-- a dossier counts once for the unit that received it and once for each unit above it, weighted by the
-- share of a restated split unit. The dossiers' figures come from mart.dossier_counts of the same lich period
-- (per unit version and procedure version, brought up to date first by etl.marts), the PAKN from dw.fact_petition,
-- the dossiers with a complaint or a bad rating by looking each one up: no scan of dw.fact_dossier.
-- Rules (docs/domain.md §1.3, §1.4):
--   DOSSIER_ON_TIME (2.1): of the dossiers received in the period (statuses 1 and 3 are not received for
--     processing), those that ended by the period's last day on or before their due day — the days spent
--     waiting for supplements subtracted from the finish — plus those still open whose due day is not yet
--     past on the last day; more than one supplement request makes a dossier overdue. Ended = 7, 8, 9, 10.
--   FULL_ONLINE_DOSSIER: received online (channel 2) with a toàn trình procedure at receipt ÷ received with a
--     toàn trình procedure at receipt. ONLINE_DOSSIER (3.3, monitoring): online ÷ received.
--   ORIGINAL_RESULT_AVAILABLE (4.1): resolved (9, 10) in the period with an electronic result ÷ resolved.
--   SO_HOA_GIAY_TO_GIAI_QUYET (4.2): received with a digitised component ÷ received.
--   ONLINE_PAYMENT (3.6, §1.4): A = received with a fee and paid online ÷ received with a fee;
--     B = fee procedures with a dossier paid online in the scope ÷ fee procedures of the levels of the units in
--     the scope (in force on the last day); C = fee procedures with a dossier in the scope ÷ the same; B's and
--     C's numerators count only procedures of that catalogue (a dossier of a procedure out of it, or inferred,
--     does not raise them), so neither can exceed 100%;
--     score 6·A + min(2, 2.5·B) + 2.5·C. Stored numerator/denominator/ratio are A's.
--   ELECTRONIC_CERTIFIED_COPY (§1.4, "communes providing the service ÷ communes managed"): of the communes
--     under the unit in force on the period's last day (a commune: itself), those where at least one dossier
--     of the national procedure 2.002165 "Chứng thực bản sao điện tử từ bản chính" was received in the period.
--   PETITION_PROCESSING_ON_TIME (5.2): of the PAKN whose due day (hạn xử lý; not given: the 15th working day
--     after receipt) falls in the period, those handled on or before their due day; a PAKN not handled by its
--     due day is overdue. Each PAKN is one row of dw.fact_petition, so it counts at most once (§6.1).
--   PETITION_HANDLING_SATISFACTION (5.3): of the PAKN received in the period, those neither marked
--     unsatisfied (Không hài lòng) nor overdue (handled after the due day, or not handled by a due day on or
--     before the period's last day). "Repeated" PAKN cannot be told from the feed: none is subtracted.
--   DOSSIER_RECEIVING_SATISFACTION (5.4): 100% − (overdue-dossier rate + rate of dossiers with a PAKN or a
--     dislike), over the dossiers received in the period: numerator = received − not on time (as in
--     DOSSIER_ON_TIME) − dossiers named by a PAKN (fact_petition.ma_ho_so) or rated Không hài lòng or worse
--     (fact_dossier_rating.rating_score <= 2; Bình thường is not a dislike), the two rates simply added as
--     the rule says (a dossier both late and disliked counts twice), floored at 0; denominator = received.
--     Score min(6, 6 × ratio / 0.9).
--   Petitions reach a unit through mart.unit_rollup as dossiers do; a unit with PAKN but no dossier in the
--   period gets its rows too.
--   Indicators whose computed_from is null, the PAKN ones while dw.fact_petition is empty and 5.4 while both
--   feedback tables are empty (no feed at all) get a row thieu_du_lieu (no ratio, no score); a unit without
--   PAKN in the period while the feed exists is khong_phat_sinh (the portal's "6 points if none" and its
--   split of those points are not applied: a local convention, see docs/warehouse.md §9).
-- Lineage: the same counting rules, applied to single dossiers, are in the functions mart.figure_dossiers*
-- (migration 0023: `cchc explain`, the chi-tiet workbook). A change of a rule here needs a migration replacing
-- them; tests/test_figure_lineage.py fails until both agree.
DELETE FROM mart.kpi_766 WHERE period_code = %(period_code)s;

DROP TABLE IF EXISTS kpi_dossier, kpi_complained, kpi_petition, kpi_scope, kpi_value;

-- the period's dossiers per unit version and procedure version (mart.dossier_counts of the lich period, brought up
-- to date first by etl.marts: the counting rules are in the header of sql/marts/refresh_dossier_counts.sql)
CREATE TEMP TABLE kpi_dossier ON COMMIT DROP AS
SELECT c.unit_key, c.procedure_key, p.procedure_code, p.national_procedure_code, p.has_fee,
       sum(c.ho_so_766) AS ho_so, sum(c.nhan_moi) AS received, sum(c.dung_han_766) AS on_time,
       sum(c.nhan_moi_truc_tuyen) AS online, sum(c.muc_do_toan_trinh) AS full_online_eligible,
       sum(c.truc_tuyen_toan_trinh) AS full_online, sum(c.giai_quyet) AS resolved,
       sum(c.giai_quyet_dien_tu) AS electronic, sum(c.so_hoa) AS digitised, sum(c.co_phi) AS with_fee,
       sum(c.co_phi_thanh_toan_truc_tuyen) AS paid_online, sum(c.thanh_toan_truc_tuyen) AS any_paid_online
FROM mart.dossier_counts c
JOIN dw.dim_procedure p USING (procedure_key)
WHERE c.calendar = 'lich' AND c.period_code = %(period_code)s AND c.ho_so_766 > 0
GROUP BY c.unit_key, c.procedure_key, p.procedure_code, p.national_procedure_code, p.has_fee;

-- received dossiers named by a PAKN or rated Không hài lòng or worse: looked up one by one (few), per unit version
CREATE TEMP TABLE kpi_complained ON COMMIT DROP AS
SELECT f.unit_key, count(*) AS complained
FROM (SELECT dossier_code FROM dw.fact_dossier_rating WHERE rating_score <= 2  -- Không hài lòng or worse
      UNION SELECT dossier_code FROM dw.fact_petition WHERE dossier_code IS NOT NULL) c
JOIN dw.fact_dossier f USING (dossier_code)
WHERE f.status_code NOT IN (1, 3)
  AND f.received_date_key BETWEEN to_char(%(first_day)s::date, 'YYYYMMDD')::int
                              AND to_char(%(last_day)s::date, 'YYYYMMDD')::int
GROUP BY f.unit_key;

CREATE TEMP TABLE kpi_petition ON COMMIT DROP AS
SELECT p.unit_key,
       p.due_date_key BETWEEN to_char(%(first_day)s::date, 'YYYYMMDD')::int
                          AND to_char(%(last_day)s::date, 'YYYYMMDD')::int AS due_in_period,
       coalesce(p.handled_on_time, false) AS handled_on_time,
       coalesce(p.handled_date_key > p.due_date_key
                OR (p.handled_date_key IS NULL AND p.due_date_key <= to_char(%(last_day)s::date, 'YYYYMMDD')::int),
                false) AS overdue,
       p.received_date_key BETWEEN to_char(%(first_day)s::date, 'YYYYMMDD')::int
                               AND to_char(%(last_day)s::date, 'YYYYMMDD')::int AS received_in_period,
       p.satisfied
FROM dw.fact_petition p
WHERE p.due_date_key BETWEEN to_char(%(first_day)s::date, 'YYYYMMDD')::int
                         AND to_char(%(last_day)s::date, 'YYYYMMDD')::int
   OR p.received_date_key BETWEEN to_char(%(first_day)s::date, 'YYYYMMDD')::int
                              AND to_char(%(last_day)s::date, 'YYYYMMDD')::int;

CREATE TEMP TABLE kpi_scope ON COMMIT DROP AS
SELECT r.restated, r.ancestor_unit_code AS unit_code, r.unit_key, sum(r.share) AS share
FROM mart.unit_rollup r
WHERE r.unit_key IN (SELECT unit_key FROM kpi_dossier UNION SELECT unit_key FROM kpi_petition)
GROUP BY 1, 2, 3;

CREATE TEMP TABLE kpi_value ON COMMIT DROP AS
WITH per_scope AS (
    SELECT s.restated, s.unit_code,
           sum(d.received * s.share) FILTER (WHERE d.received <> 0) AS received,
           sum(d.on_time * s.share) FILTER (WHERE d.on_time <> 0) AS on_time,
           sum(d.online * s.share) FILTER (WHERE d.online <> 0) AS online,
           sum(d.full_online_eligible * s.share) FILTER (WHERE d.full_online_eligible <> 0) AS full_online_eligible,
           sum(d.full_online * s.share) FILTER (WHERE d.full_online <> 0) AS full_online,
           sum(d.resolved * s.share) FILTER (WHERE d.resolved <> 0) AS resolved,
           sum(d.electronic * s.share) FILTER (WHERE d.electronic <> 0) AS electronic,
           sum(d.digitised * s.share) FILTER (WHERE d.digitised <> 0) AS digitised,
           sum(d.with_fee * s.share) FILTER (WHERE d.with_fee <> 0) AS with_fee,
           sum(d.paid_online * s.share) FILTER (WHERE d.paid_online <> 0) AS paid_online
    FROM kpi_dossier d
    JOIN kpi_scope s USING (unit_key)
    GROUP BY s.restated, s.unit_code
), per_scope_complained AS (
    SELECT s.restated, s.unit_code, sum(c.complained * s.share) AS complained
    FROM kpi_complained c
    JOIN kpi_scope s USING (unit_key)
    GROUP BY s.restated, s.unit_code
), per_scope_petition AS (
    SELECT s.restated, s.unit_code,
           sum(s.share) FILTER (WHERE due_in_period) AS petitions_due,
           sum(s.share) FILTER (WHERE due_in_period AND handled_on_time) AS petitions_on_time,
           sum(s.share) FILTER (WHERE received_in_period) AS petitions_received,
           sum(s.share) FILTER (WHERE received_in_period AND satisfied IS NOT FALSE AND NOT overdue)
               AS petitions_satisfied
    FROM kpi_petition p
    JOIN kpi_scope s USING (unit_key)
    GROUP BY s.restated, s.unit_code
), feeds AS (  -- no row at all in a fact table: the warehouse has no feed for its indicators (missing, not 0)
    SELECT EXISTS (SELECT FROM dw.fact_petition) AS petitions,
           EXISTS (SELECT FROM dw.fact_dossier_rating) AS ratings
), communes AS (  -- communes managed at the period's end (versions in force on its last day), per reading
    SELECT DISTINCT r.restated, r.ancestor_unit_code AS unit_code, r.unit_code AS commune
    FROM mart.unit_rollup r
    JOIN dw.dim_unit u ON u.unit_key = r.unit_key
    WHERE u.level = 'xa' AND NOT u.is_inferred
      AND %(last_day)s::date >= u.valid_from AND %(last_day)s::date < u.valid_to
), certifying AS (  -- communes with a dossier of "Chứng thực bản sao điện tử từ bản chính" (2.002165) in the period
    SELECT DISTINCT r.restated, r.ancestor_unit_code AS unit_code, r.unit_code AS commune
    FROM kpi_dossier d
    JOIN mart.unit_rollup r USING (unit_key)
    WHERE d.received > 0 AND d.national_procedure_code = '2.002165'
), per_scope_certified AS (
    SELECT c.restated, c.unit_code, count(*) AS communes, count(x.commune) AS certifying
    FROM communes c
    LEFT JOIN certifying x USING (restated, unit_code, commune)
    GROUP BY c.restated, c.unit_code
), scope_level AS (
    SELECT DISTINCT s.restated, s.unit_code, du.level
    FROM kpi_scope s
    JOIN dw.dim_unit du USING (unit_key)
), fee_catalogue AS (  -- fee procedures of the levels in the scope, in force on the last day
    SELECT DISTINCT l.restated, l.unit_code, p.procedure_code
    FROM scope_level l
    JOIN dw.dim_procedure p ON p.has_fee AND p.level = l.level AND NOT p.is_inferred
         AND %(last_day)s::date >= p.valid_from AND %(last_day)s::date < p.valid_to
), fee_used AS (  -- fee procedures with a dossier received in the period in the scope, and paid online
    SELECT s.restated, s.unit_code, d.procedure_code, bool_or(d.any_paid_online > 0) AS paid_online
    FROM kpi_dossier d
    JOIN kpi_scope s USING (unit_key)
    WHERE d.received > 0 AND d.has_fee
    GROUP BY 1, 2, 3
), fee_procedures AS (  -- B and C count procedures of the denominator's own set: never above 100%
    SELECT l.restated, l.unit_code, count(c.procedure_code) AS of_level,
           count(c.procedure_code) FILTER (WHERE u.procedure_code IS NOT NULL) AS with_dossiers,
           count(c.procedure_code) FILTER (WHERE u.paid_online) AS paid_online
    FROM (SELECT DISTINCT restated, unit_code FROM scope_level) l
    LEFT JOIN fee_catalogue c USING (restated, unit_code)
    LEFT JOIN fee_used u USING (restated, unit_code, procedure_code)
    GROUP BY l.restated, l.unit_code
)
SELECT sc.restated, sc.unit_code, v.indicator_code, v.numerator, v.denominator, v.payment_b, v.payment_c
FROM (SELECT DISTINCT restated, unit_code FROM kpi_scope) sc
LEFT JOIN per_scope u USING (restated, unit_code)
LEFT JOIN per_scope_complained pc2 USING (restated, unit_code)
LEFT JOIN per_scope_petition pp USING (restated, unit_code)
LEFT JOIN per_scope_certified pc USING (restated, unit_code)
JOIN fee_procedures fp USING (restated, unit_code)
CROSS JOIN feeds  -- a satisfaction indicator without feed gets no value (null denominator, dropped below)
CROSS JOIN LATERAL (VALUES
    ('DOSSIER_ON_TIME', coalesce(u.on_time, 0), coalesce(u.received, 0), NULL::numeric, NULL::numeric),
    ('FULL_ONLINE_DOSSIER', coalesce(u.full_online, 0), coalesce(u.full_online_eligible, 0), NULL, NULL),
    ('ONLINE_DOSSIER', coalesce(u.online, 0), coalesce(u.received, 0), NULL, NULL),
    ('ORIGINAL_RESULT_AVAILABLE', coalesce(u.electronic, 0), coalesce(u.resolved, 0), NULL, NULL),
    ('SO_HOA_GIAY_TO_GIAI_QUYET', coalesce(u.digitised, 0), coalesce(u.received, 0), NULL, NULL),
    ('ONLINE_PAYMENT', coalesce(u.paid_online, 0), coalesce(u.with_fee, 0),
     fp.paid_online::numeric / nullif(fp.of_level, 0),
     fp.with_dossiers::numeric / nullif(fp.of_level, 0)),
    ('ELECTRONIC_CERTIFIED_COPY', coalesce(pc.certifying, 0), coalesce(pc.communes, 0), NULL, NULL),
    ('PETITION_PROCESSING_ON_TIME', CASE WHEN feeds.petitions THEN coalesce(pp.petitions_on_time, 0) END,
     CASE WHEN feeds.petitions THEN coalesce(pp.petitions_due, 0) END, NULL, NULL),
    ('PETITION_HANDLING_SATISFACTION', CASE WHEN feeds.petitions THEN coalesce(pp.petitions_satisfied, 0) END,
     CASE WHEN feeds.petitions THEN coalesce(pp.petitions_received, 0) END, NULL, NULL),
    ('DOSSIER_RECEIVING_SATISFACTION',
     CASE WHEN feeds.petitions OR feeds.ratings THEN greatest(0, coalesce(u.on_time, 0) - coalesce(pc2.complained, 0)) END,
     CASE WHEN feeds.petitions OR feeds.ratings THEN coalesce(u.received, 0) END, NULL, NULL)
) AS v (indicator_code, numerator, denominator, payment_b, payment_c)
WHERE v.denominator IS NOT NULL;

INSERT INTO mart.kpi_766 (period_code, period_first_day, period_last_day, restated, unit_code, weighting,
                          indicator_code, numerator, denominator, ratio, score, max_score, status)
SELECT %(period_code)s, %(first_day)s, %(last_day)s, scopes.restated, scopes.unit_code, i.weighting, i.indicator_code,
       v.numerator, v.denominator,
       round(100 * v.numerator / nullif(v.denominator, 0), 2),
       CASE WHEN i.score_rule = 'theo_doi' OR coalesce(v.denominator, 0) = 0 THEN NULL
            WHEN i.score_rule = 'ty_le' THEN round(i.max_score * v.numerator / v.denominator, 2)
            WHEN i.score_rule = 'ty_le_tran' THEN round(least(i.max_score, i.max_score * v.numerator / v.denominator / i.full_at), 2)
            WHEN i.score_rule = 'thanh_toan' THEN round(least(i.max_score,
                 6 * v.numerator / v.denominator + least(2, 2.5 * coalesce(v.payment_b, 0)) + 2.5 * coalesce(v.payment_c, 0)), 2)
       END,
       i.max_score,
       CASE WHEN v.indicator_code IS NULL THEN 'thieu_du_lieu'  -- computed_from null, or no feed
            WHEN coalesce(v.denominator, 0) = 0 THEN 'khong_phat_sinh'
            ELSE 'tinh_duoc' END
FROM (SELECT DISTINCT restated, unit_code FROM kpi_value) scopes
JOIN mart.kpi_766_indicator i
  ON %(last_day)s::date >= i.active_from AND %(last_day)s::date < i.active_to
LEFT JOIN kpi_value v ON v.restated = scopes.restated AND v.unit_code = scopes.unit_code
                     AND v.indicator_code = i.indicator_code AND i.computed_from IS NOT NULL;
