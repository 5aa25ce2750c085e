# Two commands: `make demo` (sample province, nightly DAG, load summary, reports) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DOSSIERS ?= 50000
LOAD_DATE ?= $(shell TZ=Asia/Ho_Chi_Minh date +%F)
REPORT_PERIOD ?= nam:2025

export CCHC_HOME ?= $(CURDIR)/var
export AIRFLOW_HOME ?= $(CURDIR)/var/airflow
export AIRFLOW__CORE__DAGS_FOLDER ?= $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES ?= False
export GX_ANALYTICS_ENABLED ?= False

.PHONY: install demo test bench clean

# Bytecode is compiled at install: where PYTHONDONTWRITEBYTECODE is set (CI here), every process, each Airflow
# subprocess of the tests included, would otherwise compile all it imports.
$(BIN)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv==0.13.8
	$(BIN)/uv pip install -q --compile-bytecode -p $(BIN)/python -r requirements.txt -e .
	touch $@

install: $(BIN)/.installed

demo: install
	@mkdir -p $(CCHC_HOME)
	$(BIN)/cchc db upgrade
	$(BIN)/cchc sample --dossiers $(DOSSIERS)
	@$(BIN)/airflow db migrate > $(CCHC_HOME)/airflow-migrate.log 2>&1 || (tail -30 $(CCHC_HOME)/airflow-migrate.log; false)
	@$(BIN)/airflow pools set warehouse_writes 2 "Ghi vào kho dữ liệu" > /dev/null
	@echo "airflow dags test tthc_nightly $(LOAD_DATE) (nhật ký: $(CCHC_HOME)/demo-dag.log)"
	@$(BIN)/airflow dags test tthc_nightly $(LOAD_DATE) > $(CCHC_HOME)/demo-dag.log 2>&1 \
		|| (grep -E "LỖI|ERROR|Error" $(CCHC_HOME)/demo-dag.log | tail -20; false)
	$(BIN)/cchc summary --load-date $(LOAD_DATE)
	@echo "cchc report --period $(REPORT_PERIOD): báo cáo của mọi đơn vị vào $(CCHC_HOME)/reports/"
	@$(BIN)/cchc report --period $(REPORT_PERIOD) > $(CCHC_HOME)/demo-reports.log 2>&1 \
		|| (tail -20 $(CCHC_HOME)/demo-reports.log; false)
	@grep -E "Đã tính lại|UBND TỈNH" $(CCHC_HOME)/demo-reports.log
	@echo "Số tệp báo cáo: $$(find $(CCHC_HOME)/reports -type f | wc -l)"

test: install
	$(BIN)/python -m pytest -q -n 2 --durations=15

bench: install
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_reports.py

clean:
	rm -rf $(VENV) var
