# pilotdoc: API and worker image. Build: docker build -t pilotdoc .
# Stage 1 builds wheels with the compilers; stage 2 carries only the runtime.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY models ./models
COPY extractors ./extractors
COPY service ./service
COPY samples ./samples
COPY evaluation ./evaluation
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --upgrade pip \
 && /opt/venv/bin/pip install .

FROM python:3.11-slim AS runtime
# libgl/libglib: OpenCV and ONNX Runtime need them even headless; curl: the healthcheck.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libglib2.0-0 libgomp1 curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 pilotdoc \
 && useradd --system --uid 10001 --gid pilotdoc --home-dir /data --shell /usr/sbin/nologin pilotdoc \
 && mkdir -p /data && chown pilotdoc:pilotdoc /data
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PILOTDOC_DATA_DIR=/data
WORKDIR /data
USER pilotdoc:pilotdoc
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
ENTRYPOINT ["/usr/bin/tini", "--", "pilotdoc"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
