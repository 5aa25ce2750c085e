# CCHC warehouse: the official Airflow image extended with this project (docker-stack "Building the image").
# The tag must match the apache-airflow pin in requirements.txt (tests/test_docker_compose.py checks it).
FROM apache/airflow:3.3.2-python3.11

# Installed in editable mode from /opt/cchc-app, as in development: etl/config.py finds sql/ and config/
# relative to the source tree (REPO_ROOT), so the tree keeps its shape inside the image.
USER root
# Reports: WeasyPrint needs Pango (PDF), harfbuzz-subset embeds font subsets quickly. The report typeface,
# Liberation Serif 2.1.5 (metric-compatible with Times New Roman, NĐ 30/2020, every Vietnamese letter), ships
# with etl/ (etl/reports/fonts/) and the PDF uses only those files: no fonts-liberation (Debian's 1.07 lacks
# letters such as "ế"). fonts-dejavu-core only gives fontconfig a system font (WeasyPrint warns without one);
# a PDF that would fall back to it is refused (etl/reports/pdf.py). The charts use matplotlib's own DejaVu Sans.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /opt/cchc-app && chown airflow:0 /opt/cchc-app
USER airflow
WORKDIR /opt/cchc-app

# Dependencies first (cached layer). Pinning apache-airflow to the image's own version keeps pip from
# upgrading or downgrading Airflow, the way the official docs extend the image. The FAB provider gives the
# production auth manager of docker-compose.yml (users and roles in the metadata DB).
COPY --chown=airflow:0 requirements.txt ./
RUN pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" "apache-airflow-providers-fab==3.10.2" \
    -r requirements.txt

COPY --chown=airflow:0 pyproject.toml ./
COPY --chown=airflow:0 etl/ ./etl/
COPY --chown=airflow:0 sql/ ./sql/
COPY --chown=airflow:0 expectations/ ./expectations/
COPY --chown=airflow:0 config/ ./config/
RUN pip install --no-cache-dir --no-deps -e . && cchc --help > /dev/null

# DAGs are baked in too; docker-compose.yml mounts ./dags over them.
COPY --chown=airflow:0 dags/ /opt/airflow/dags/
WORKDIR /opt/airflow
