# Production-like image: gunicorn serves the web app; the same image runs the worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
# Without devDependencies: axe-core is for the tests only.
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Pango and a font for WeasyPrint (the half-yearly report as a PDF); nothing else from the OS.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements.txt
COPY --from=assets /app/node_modules node_modules
COPY . .
# Settings need every key without DEBUG (ADR 0013); these build-only values are never used at run time.
RUN SECRET_KEY=build-only AUDIT_PSEUDONYM_KEY=build-only-audit BSN_BLIND_INDEX_KEY=build-only-index \
    BSN_ENCRYPTION_KEY=JpNmfXkIk0ZwDR6y_7aMNWb-PLjavI_gadJXEIoyRfI= python manage.py collectstatic --no-input \
    && useradd --system --uid 1000 venlo && chown -R venlo /app
USER venlo
EXPOSE 8000
CMD ["gunicorn", "venlo_armoede.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
