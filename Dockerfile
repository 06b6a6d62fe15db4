# One image for every service; the command picks the role (`newsroom fetcher run`, ...).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app

# Dependencies first (hash-pinned), so code changes do not re-install them.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY pyproject.toml README.md ./
COPY newsroom ./newsroom
COPY shared ./shared
COPY services ./services
COPY deploy ./deploy
RUN pip install --no-deps . \
    && useradd --system --uid 10001 --no-create-home newsroom

USER 10001
ENTRYPOINT ["newsroom"]
CMD ["--help"]
