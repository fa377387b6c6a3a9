FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements/ requirements/
RUN pip install --no-cache-dir -U pip && pip install --no-cache-dir -r requirements/app.txt
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput
RUN useradd --create-home claimtrack && mkdir -p /app/var && chown -R claimtrack /app/var
USER claimtrack
EXPOSE 8000
