"""gunicorn's settings, read from the working directory: `gunicorn blogproj.wsgi`.

Run it behind a reverse proxy that terminates TLS (see docs/deploy.md). Every value
can be overridden on the command line or through GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

# Sync workers: each serves one request at a time, and the app is quick and stateless,
# so more processes is more throughput; the usual rule is two per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle a worker now and then, so that a slow leak can never take a server down;
# rarely, since a restart stalls that worker's requests for a moment.
max_requests = 100_000
max_requests_jitter = 10_000

# Access log and errors on stdout/stderr, where systemd or the container runtime collects them.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Trust X-Forwarded-* only from the proxy in front (loopback by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
