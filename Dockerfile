# The portal's image for the production-like stack (docker-compose.yml): web, worker, beat, migrate.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 --shell /usr/sbin/nologin portal
WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are collected (hashed, compressed) at build time; WhiteNoise serves them.
# Settings need a SECRET_KEY to load with DEBUG off: this one exists only during the build.
RUN SECRET_KEY=build-only-not-secret DEBUG=false python manage.py collectstatic --no-input -v0 \
    && mkdir -p /app/media /app/private_media \
    && chown -R portal:portal /app/media /app/private_media

USER portal
EXPOSE 8000

# Several uvicorn worker processes under gunicorn; never a single daphne process.
CMD ["sh", "-c", "exec gunicorn integration_portal.asgi:application --worker-class uvicorn_worker.UvicornWorker --workers ${WEB_CONCURRENCY:-4} --bind 0.0.0.0:8000 --graceful-timeout 20"]
