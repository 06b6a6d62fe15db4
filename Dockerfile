# One image per workspace member, each with only its own dependencies:
#   docker build --build-arg PACKAGE=newsroom-parser -t newsroom-parser .
# PACKAGE is newsroom-fetcher, newsroom-parser, newsroom-indexer (the services) or newsroom-ops
# (the `newsroom` command: init jobs and ops tools). Everything comes from uv.lock, hashes checked.
FROM python:3.11-slim-bookworm AS build

ARG PACKAGE=newsroom-ops
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never

WORKDIR /app
COPY requirements-uv.txt ./
RUN pip install --require-hashes --no-deps -r requirements-uv.txt

# Third-party dependencies first, so that code changes do not re-install them.
COPY pyproject.toml uv.lock ./
COPY shared/pyproject.toml shared/
COPY services/fetcher/pyproject.toml services/fetcher/
COPY services/parser/pyproject.toml services/parser/
COPY services/indexer/pyproject.toml services/indexer/
COPY ops/pyproject.toml ops/
RUN uv sync --frozen --no-dev --no-install-workspace --package "$PACKAGE"

# The members are built by uv itself, with the uv_build backend it bundles (pinned to the same
# version in pyproject.toml): nothing is downloaded for the build.
COPY shared shared
COPY services services
COPY ops ops
RUN uv sync --frozen --no-dev --no-editable --package "$PACKAGE"

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH
COPY --from=build /app/.venv /app/.venv
RUN useradd --system --uid 10001 --no-create-home newsroom
USER 10001
WORKDIR /app
CMD ["newsroom", "--help"]
