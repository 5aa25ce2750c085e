-- 0002: the analysts' documentation inside the database: a comment on every schema, on every table and
-- on every column of dw (read them with \dn+, \dt+ dw.* and \d+ dw.fact_dossier).
-- docs/warehouse.md repeats the dw column comments word for word; tests/test_analyst_examples.py checks
-- that every dw column has a comment and that the document says the same. Change both together.
-- No data or structure changes.

-- ---------------------------------------------------------------- schemas
COMMENT ON SCHEMA audit IS 'Audit trail: files landed, load attempts and quarantined rows (with the raw records). Not readable by analysts.';
COMMENT ON SCHEMA raw IS 'Source fields the model does not (yet) know, kept as sent. Not readable by analysts.';
COMMENT ON SCHEMA restricted IS 'Personal data of applicants (chủ hồ sơ: name, phone, e-mail, ID number). Never copied into dw; not readable by analysts.';
COMMENT ON SCHEMA staging IS 'Layouts of the per-load staging tables (each load fills temporary copies of them). Not readable by analysts.';
COMMENT ON SCHEMA dw IS 'Star schema for analysts (kho dữ liệu): one fact row per dossier (hồ sơ TTHC), its status history and the dimensions. The only schema the analyst role can read; holds no personal data. Timestamps are timestamptz; days are local days in Asia/Ho_Chi_Minh.';

-- ---------------------------------------------------------------- other schemas: tables without a comment
COMMENT ON TABLE staging.stg_procedure IS 'Layout of the per-load staging table of the procedure catalogue (Danh mục TTHC): one validated procedure row per source row.';
COMMENT ON TABLE staging.stg_unit IS 'Layout of the per-load staging table of the administrative unit list (Danh mục đơn vị hành chính): one validated unit row per source row.';

-- ---------------------------------------------------------------- dw.dim_date
COMMENT ON TABLE dw.dim_date IS 'Calendar (lịch): one row per day from 2015-01-01 to 2035-12-31. Join the fact''s received_date_key, due_date_key and finished_date_key to date_key. The days are local days (Asia/Ho_Chi_Minh).';
COMMENT ON COLUMN dw.dim_date.date_key IS 'The day as the integer yyyymmdd (e.g. 20240108); primary key, target of the fact''s received_date_key, due_date_key and finished_date_key.';
COMMENT ON COLUMN dw.dim_date.full_date IS 'The day as a date.';
COMMENT ON COLUMN dw.dim_date.year IS 'Calendar year (năm).';
COMMENT ON COLUMN dw.dim_date.quarter IS 'Calendar quarter (quý), 1-4.';
COMMENT ON COLUMN dw.dim_date.month IS 'Calendar month (tháng), 1-12.';
COMMENT ON COLUMN dw.dim_date.day IS 'Day of the month (ngày), 1-31.';
COMMENT ON COLUMN dw.dim_date.iso_day_of_week IS 'ISO day of the week: 1 = Monday (thứ Hai) ... 6 = Saturday (thứ Bảy), 7 = Sunday (Chủ nhật).';
COMMENT ON COLUMN dw.dim_date.is_weekend IS 'True on Saturday and Sunday.';
COMMENT ON COLUMN dw.dim_date.is_working_day IS 'True Monday to Friday (ngày làm việc). Public holidays (ngày lễ, Tết) and make-up working Saturdays are NOT taken into account yet.';

-- ---------------------------------------------------------------- dw.dim_channel
COMMENT ON TABLE dw.dim_channel IS 'Submission channel (kênh thực hiện, source field KenhThucHien). Fixed code list: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích.';
COMMENT ON COLUMN dw.dim_channel.channel_code IS 'KenhThucHien code: 1 = Trực tiếp (in person), 2 = Trực tuyến (online), 3 = Bưu chính công ích (public postal service, BCCI).';
COMMENT ON COLUMN dw.dim_channel.name IS 'Vietnamese name of the channel.';
COMMENT ON COLUMN dw.dim_channel.name_en IS 'English name of the channel.';

-- ---------------------------------------------------------------- dw.dim_status
COMMENT ON TABLE dw.dim_status IS 'Dossier status (trạng thái hồ sơ, source field TrangThaiHoSo). Fixed national code list 1-10.';
COMMENT ON COLUMN dw.dim_status.status_code IS 'TrangThaiHoSo: 1 Mới đăng ký, 2 Được tiếp nhận, 3 Không được tiếp nhận, 4 Đang xử lý, 5 Yêu cầu bổ sung giấy tờ, 6 Yêu cầu thực hiện nghĩa vụ tài chính, 7 Công dân yêu cầu rút hồ sơ, 8 Dừng xử lý, 9 Đã xử lý xong, 10 Đã trả kết quả.';
COMMENT ON COLUMN dw.dim_status.name IS 'Vietnamese name of the status.';
COMMENT ON COLUMN dw.dim_status.name_en IS 'English name of the status.';
COMMENT ON COLUMN dw.dim_status.is_final IS 'True when processing has ended (kết thúc xử lý): statuses 3, 7, 8, 9 and 10.';
COMMENT ON COLUMN dw.dim_status.is_resolved IS 'True when a result was produced (đã giải quyết): statuses 9 and 10. Only these dossiers are given a timeliness.';

-- ---------------------------------------------------------------- dw.dim_field
COMMENT ON TABLE dw.dim_field IS 'Field of administrative procedures (lĩnh vực), one row per field code. A code first seen on a dossier is added as an inferred member and completed when the procedure catalogue names it.';
COMMENT ON COLUMN dw.dim_field.field_key IS 'Surrogate key; fact_dossier.field_key and dim_procedure.field_key point here.';
COMMENT ON COLUMN dw.dim_field.ma_linh_vuc IS 'Field code (mã lĩnh vực, MaLinhVuc), text as sent; natural key, unique.';
COMMENT ON COLUMN dw.dim_field.ten_linh_vuc IS 'Field name (tên lĩnh vực). For an inferred member the TenLinhVuc the dossier carried, possibly null.';
COMMENT ON COLUMN dw.dim_field.is_inferred IS 'True while the field is known only from dossiers, not yet from the procedure catalogue (Danh mục TTHC).';
COMMENT ON COLUMN dw.dim_field.updated_at IS 'When a load last inserted or changed the row (timestamptz).';

-- ---------------------------------------------------------------- dw.dim_unit
COMMENT ON TABLE dw.dim_unit IS 'Administrative unit or agency that handles dossiers (đơn vị xử lý / đơn vị hành chính): province (tỉnh), district (huyện), commune (xã), each linked to its parent. Natural key unit_code; the current row of a unit has valid_to = 9999-12-31. Units named by dossiers but missing from the unit list are inferred members (is_inferred).';
COMMENT ON COLUMN dw.dim_unit.unit_key IS 'Surrogate key; fact_dossier.unit_key and dim_unit.parent_unit_key point here.';
COMMENT ON COLUMN dw.dim_unit.unit_code IS 'Agency code (mã định danh cơ quan), e.g. 000.35.27.H56; the MaDonVi of dossiers. Natural key, unique among current rows.';
COMMENT ON COLUMN dw.dim_unit.gso_code IS 'Administrative unit code of the GSO list (mã ĐVHC), e.g. 38 = tỉnh Thanh Hóa, 399 = huyện Hoằng Hóa, 15907 = xã Hoằng Cát. Unique among current rows; null for inferred members.';
COMMENT ON COLUMN dw.dim_unit.name IS 'Unit name (tên đơn vị). For an inferred member: the DonViXuLy of its dossier, or ''Đơn vị '' followed by the unit_code.';
COMMENT ON COLUMN dw.dim_unit.level IS 'Administrative level (cấp): tinh = province level (tỉnh, thành phố trực thuộc trung ương), huyen = district level (huyện, thị xã, thành phố thuộc tỉnh), xa = commune level (xã, phường, thị trấn). Null for inferred members.';
COMMENT ON COLUMN dw.dim_unit.kind IS 'Kind as written in the unit list (loại): Tỉnh, Huyện, Thị xã, Thành phố, Xã, Phường, Thị trấn. Null for inferred members.';
COMMENT ON COLUMN dw.dim_unit.parent_gso_code IS 'GSO code of the parent unit (mã ĐVHC cấp trên). Null for the province and for inferred members.';
COMMENT ON COLUMN dw.dim_unit.parent_unit_key IS 'unit_key of the current parent unit, found by parent_gso_code: commune -> district -> province. Null at the top and for inferred members. A dossier is counted once, at the unit that handled it; add children into parents through this key without double counting.';
COMMENT ON COLUMN dw.dim_unit.is_inferred IS 'True while the unit is known only from dossiers (its MaDonVi is not in the unit list); gso_code, level, kind and the parent are then null. The same row is completed when the unit list names the unit.';
COMMENT ON COLUMN dw.dim_unit.valid_from IS 'First day this row of the unit is valid. Currently always 1900-01-01: changes of a unit are applied to its row in place (no history kept yet).';
COMMENT ON COLUMN dw.dim_unit.valid_to IS 'Last day this row of the unit is valid; 9999-12-31 = the current row. Currently always 9999-12-31.';
COMMENT ON COLUMN dw.dim_unit.updated_at IS 'When a load last inserted or changed the row (timestamptz).';

-- ---------------------------------------------------------------- dw.dim_procedure
COMMENT ON TABLE dw.dim_procedure IS 'Administrative procedure (thủ tục hành chính, TTHC) of the catalogue (Danh mục TTHC). Natural key ma_tthc; the current row has valid_to = 9999-12-31. Procedures named by dossiers but missing from the catalogue are inferred members (is_inferred) whose catalogue attributes are null.';
COMMENT ON COLUMN dw.dim_procedure.procedure_key IS 'Surrogate key; fact_dossier.procedure_key points here.';
COMMENT ON COLUMN dw.dim_procedure.ma_tthc IS 'Procedure code in its local form (mã TTHC, MaTTHC of dossiers), e.g. 1.004616.000.00.00.H56. Natural key, unique among current rows.';
COMMENT ON COLUMN dw.dim_procedure.ma_tthc_quoc_gia IS 'National procedure code (mã TTHC quốc gia): the leading digits.digits part of ma_tthc, e.g. 1.004616; the whole ma_tthc when it does not start that way. Several local codes may share one national code.';
COMMENT ON COLUMN dw.dim_procedure.ten_tthc IS 'Procedure name (tên thủ tục hành chính). For an inferred member: the TenTTHC of its dossier, or ''Thủ tục '' followed by the ma_tthc.';
COMMENT ON COLUMN dw.dim_procedure.field_key IS 'Field (lĩnh vực) of the procedure -> dim_field.field_key: from the catalogue; for an inferred member, the field of its dossier.';
COMMENT ON COLUMN dw.dim_procedure.cap_thuc_hien IS 'Level that carries out the procedure (cấp thực hiện): xa = commune, huyen = district, tinh = province. Null for inferred members.';
COMMENT ON COLUMN dw.dim_procedure.muc_do_dvctt IS 'Online public service level (mức độ DVCTT): khong = not offered online, mot_phan = partly online (một phần), toan_trinh = fully online (toàn trình). Null for inferred members.';
COMMENT ON COLUMN dw.dim_procedure.lien_thong IS 'True for an inter-agency procedure (liên thông), false for a single-desk one (một cửa). Null for inferred members.';
COMMENT ON COLUMN dw.dim_procedure.thoi_han_ngay IS 'Statutory time limit (thời hạn giải quyết) in WORKING days, 2 decimals (may be 0.5). Null if unknown and for inferred members. Not comparable with fact_dossier.days_taken, which is in calendar days.';
COMMENT ON COLUMN dw.dim_procedure.co_phi IS 'True when the catalogue says the procedure has fees or charges (có phí, lệ phí). Null for inferred members. The dossier-level fact is fact_dossier.has_fee.';
COMMENT ON COLUMN dw.dim_procedure.is_inferred IS 'True while the procedure is known only from dossiers (its MaTTHC is not in the catalogue). The same row is completed when a catalogue names the procedure.';
COMMENT ON COLUMN dw.dim_procedure.valid_from IS 'First day this row of the procedure is valid. Currently always 1900-01-01: catalogue changes are applied to the row in place (no history kept yet).';
COMMENT ON COLUMN dw.dim_procedure.valid_to IS 'Last day this row of the procedure is valid; 9999-12-31 = the current row. Currently always 9999-12-31.';
COMMENT ON COLUMN dw.dim_procedure.updated_at IS 'When a load last inserted or changed the row (timestamptz).';

-- ---------------------------------------------------------------- dw.fact_dossier
COMMENT ON TABLE dw.fact_dossier IS 'Dossier fact (hồ sơ TTHC). Grain: one row per dossier, natural key ma_ho_so, holding its latest known state. A re-sent dossier replaces its row when the content changed and its latest event (source_event_at) is not older than the stored one (same time: a final status wins, else the later load); an older export never overwrites a newer state. Status changes are kept in fact_dossier_status_history. No personal data: applicants are in restricted.applicant, which analysts cannot read.';
COMMENT ON COLUMN dw.fact_dossier.dossier_key IS 'Surrogate key; fact_dossier_status_history.dossier_key points here.';
COMMENT ON COLUMN dw.fact_dossier.ma_ho_so IS 'Dossier code (mã hồ sơ, MaHoSo): agency code, a date YYMMDD and a 4-digit daily sequence joined by hyphens, e.g. 000.35.27.H56-240108-0001. Natural key, unique.';
COMMENT ON COLUMN dw.fact_dossier.unit_key IS 'Handling unit -> dim_unit.unit_key: the dossier''s MaDonVi, else the madonvi of the payload that carried it. May be an inferred member.';
COMMENT ON COLUMN dw.fact_dossier.procedure_key IS 'Procedure (MaTTHC) -> dim_procedure.procedure_key. May be an inferred member.';
COMMENT ON COLUMN dw.fact_dossier.field_key IS 'Field (lĩnh vực) -> dim_field.field_key: the MaLinhVuc the dossier carried, else the field of its procedure; null when neither is known.';
COMMENT ON COLUMN dw.fact_dossier.channel_code IS 'Submission channel (kênh thực hiện, KenhThucHien) -> dim_channel: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích. A null KenhThucHien is counted as 1 (trực tiếp), as the 766 rules do; see channel_given.';
COMMENT ON COLUMN dw.fact_dossier.channel_given IS 'False when KenhThucHien was null in the source and channel_code was set to 1 (trực tiếp) by rule.';
COMMENT ON COLUMN dw.fact_dossier.status_code IS 'Latest known status (trạng thái hồ sơ, TrangThaiHoSo) -> dim_status, 1-10.';
COMMENT ON COLUMN dw.fact_dossier.applicant_type IS 'Applicant type (loại đối tượng, LoaiDoiTuong): 1 = công dân (citizen), 2 = doanh nghiệp (business); null if not sent.';
COMMENT ON COLUMN dw.fact_dossier.received_date_key IS 'Local day (Asia/Ho_Chi_Minh) of received_at as yyyymmdd -> dim_date.date_key; the day that puts a dossier in a reporting period (received in the period).';
COMMENT ON COLUMN dw.fact_dossier.due_date_key IS 'Local day (Asia/Ho_Chi_Minh) of due_at as yyyymmdd -> dim_date.date_key; null without a due date.';
COMMENT ON COLUMN dw.fact_dossier.finished_date_key IS 'Local day (Asia/Ho_Chi_Minh) of finished_at as yyyymmdd -> dim_date.date_key; null while not finished.';
COMMENT ON COLUMN dw.fact_dossier.submitted_at IS 'When the applicant submitted the dossier (ngày nộp hồ sơ, NgayNopHoSo); timestamptz; null if not sent.';
COMMENT ON COLUMN dw.fact_dossier.received_at IS 'When the dossier was received (ngày tiếp nhận, NgayTiepNhan), falling back to NgayNopHoSo when NgayTiepNhan is missing (a record with neither is quarantined); timestamptz, never null.';
COMMENT ON COLUMN dw.fact_dossier.due_at IS 'Promised return date (ngày hẹn trả, NgayHenTra); timestamptz; null if not sent (no deadline is computed from thoi_han_ngay).';
COMMENT ON COLUMN dw.fact_dossier.finished_at IS 'End of processing (ngày kết thúc xử lý, NgayKetThucXuLy); for statuses 9/10 without it, the return date NgayTra; else null. timestamptz.';
COMMENT ON COLUMN dw.fact_dossier.returned_at IS 'When the result was returned to the applicant (ngày trả kết quả, NgayTra); timestamptz; null if not sent.';
COMMENT ON COLUMN dw.fact_dossier.online_level_at_receipt IS 'Online service level of the procedure (mức độ DVCTT: khong, mot_phan, toan_trinh), taken from dim_procedure.muc_do_dvctt when the dossier is first loaded and kept when it is re-sent; filled in later for a dossier whose procedure was inferred at the time.';
COMMENT ON COLUMN dw.fact_dossier.timeliness IS 'Timeliness (tiến độ giải quyết), only for status 9/10 with both finished_at and due_at, compared by local calendar day (Asia/Ho_Chi_Minh): finished before the due day = truoc_han (trước hạn), on the due day = dung_han (đúng hạn), after it = qua_han (quá hạn). Null otherwise (open, statuses 3/7/8, or no due date). Supplement waiting time is not subtracted and several supplement rounds do not make a dossier qua_han.';
COMMENT ON COLUMN dw.fact_dossier.days_taken IS 'Elapsed time from received_at to finished_at in calendar days (24 hours = 1; weekends and holidays included), 2 decimals; null without finished_at. Not working days.';
COMMENT ON COLUMN dw.fact_dossier.fee_amount IS 'Total fees and charges (phí, lệ phí) in đồng (VND): the sum of DanhSachLePhi[].Gia, or the listing''s fee column; null when the source gave no fee information.';
COMMENT ON COLUMN dw.fact_dossier.has_fee IS 'True when fee_amount > 0 (null or 0 = no fee). The denominator of the online-payment rate.';
COMMENT ON COLUMN dw.fact_dossier.paid_online IS 'True when paid online (thanh toán trực tuyến): DuocThanhToanTrucTuyen = 1 (Cổng DVCQG) or 2 (provincial or ministry payment gateway), or a listing that says Có without naming the gateway. Online-payment rate = dossiers with has_fee and paid_online / dossiers with has_fee.';
COMMENT ON COLUMN dw.fact_dossier.payment_gateway IS 'Where it was paid online: 1 = Cổng DVCQG, 2 = provincial or ministry payment gateway; null when not paid online or when the source does not say which gateway (the provincial listing, Danh sách hồ sơ).';
COMMENT ON COLUMN dw.fact_dossier.returned_by_post IS 'True when the result is returned by post (trả kết quả qua BCCI, HinhThuc = 1).';
COMMENT ON COLUMN dw.fact_dossier.digitised_input IS 'True when at least one dossier component was digitised (số hóa thành phần hồ sơ: HoSoCoThanhPhanSoHoa = 1 or a TaiLieuNop[].DuocSoHoa = 1).';
COMMENT ON COLUMN dw.fact_dossier.electronic_result IS 'True when an electronic result was issued (kết quả điện tử: a DanhSachGiayToKetQua[] entry with a non-empty DuongDanTepTinKetQua).';
COMMENT ON COLUMN dw.fact_dossier.supplement_count IS 'Number of supplement requests (số lần yêu cầu bổ sung: entries of DanhSachHoSoBoSung); 0 if none.';
COMMENT ON COLUMN dw.fact_dossier.supplement_wait_days IS 'Total time spent waiting for supplements in calendar days, 2 decimals: the sum over requests of NgayTiepNhanBoSung - NgayBoSung (a negative gap counts as 0); null when no request has both dates (always null from the provincial listing).';
COMMENT ON COLUMN dw.fact_dossier.source_event_at IS 'Latest event of the record as sent: the greatest of NgayNopHoSo, NgayTiepNhan, NgayKetThucXuLy and NgayTra (the due date is a promise, not an event); timestamptz. Decides which export of a dossier wins.';
COMMENT ON COLUMN dw.fact_dossier.row_hash IS 'Technical: hash of the source record''s fields; a re-sent identical record changes nothing.';
COMMENT ON COLUMN dw.fact_dossier.first_load_id IS 'Technical lineage: load_id (audit.file_load) of the load that inserted the row.';
COMMENT ON COLUMN dw.fact_dossier.last_load_id IS 'Technical lineage: load_id (audit.file_load) of the load that last changed the row.';
COMMENT ON COLUMN dw.fact_dossier.inserted_at IS 'When the row was inserted into the warehouse (timestamptz); not a business date.';
COMMENT ON COLUMN dw.fact_dossier.updated_at IS 'When a load last changed the row (timestamptz); not a business date.';

-- ---------------------------------------------------------------- dw.fact_dossier_status_history
COMMENT ON TABLE dw.fact_dossier_status_history IS 'Status history (lịch sử trạng thái) of each dossier: one row per load in which the dossier''s status differed from its last recorded one (the first load always adds a row). Only the statuses seen in exports are known, not the steps between two exports. The latest row (by observed_at, then load_id) has the status of fact_dossier.';
COMMENT ON COLUMN dw.fact_dossier_status_history.dossier_key IS 'The dossier -> fact_dossier.dossier_key.';
COMMENT ON COLUMN dw.fact_dossier_status_history.status_code IS 'The status seen (trạng thái hồ sơ) -> dim_status.status_code.';
COMMENT ON COLUMN dw.fact_dossier_status_history.observed_at IS 'source_event_at of the record that carried the status: the latest event date in it (timestamptz), not the exact moment of the status change.';
COMMENT ON COLUMN dw.fact_dossier_status_history.load_id IS 'Technical lineage: load_id (audit.file_load) of the load that recorded the status. Primary key together with dossier_key.';
