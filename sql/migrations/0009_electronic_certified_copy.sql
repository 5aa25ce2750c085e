-- 0009: the warehouse can compute QĐ 766 ELECTRONIC_CERTIFIED_COPY ("Cung cấp dịch vụ chứng thực bản sao điện
-- tử từ bản chính": communes providing the service ÷ communes managed, domain.md §1.4): a commune provides it
-- when it received a dossier of the national procedure 2.002165 in the period (sql/marts/refresh_kpi_766.sql).
UPDATE mart.kpi_766_indicator
SET computed_from = 'fact_dossier: dossiers of procedure 2.002165 per commune; dim_unit: communes in force',
    source = 'domain.md §1.4 (communes providing the service ÷ communes managed; score max × ratio)'
WHERE indicator_code = 'ELECTRONIC_CERTIFIED_COPY';
