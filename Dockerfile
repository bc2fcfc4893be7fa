# Image for the Airflow services of kho-cchc: the project and its locked dependencies.
FROM python:3.11-slim
ENV UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH DO_NOT_TRACK=1 GX_ANALYTICS_ENABLED=false
# gcc: tools/build_native.py compiles the loader's hot modules (loaders/native.py)
RUN pip install --no-cache-dir uv \
    && apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/kho-cchc
COPY pyproject.toml uv.lock README.md ./
COPY loaders loaders
COPY expectations expectations
COPY tools tools
RUN uv sync --frozen --no-dev && python tools/build_native.py --force && rm -rf .native-build .mypy_cache
COPY dags dags
COPY dbt_project dbt_project
# The province's own reference data (departments); replace or mount over it in production.
COPY reference reference
USER 50000
