"""gunicorn settings: `gunicorn -c gunicorn.conf.py careerguide.wsgi`.

Every value can be overridden from the environment, so one file serves a
laptop, this 2-core benchmark box and a larger production host.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Pages are rendered in Python, so processes, not threads, use the cores.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# More than 1 makes gunicorn run gthread workers. Each process's database pool
# opens up to this many connections (careerguide/settings.py), one per thread.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Behind a load balancer that buffers slow clients, short keep-alives suffice.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycling workers guards against slow memory leaks. A cached page costs under
# a millisecond, so a worker serves hundreds a second: at 5,000 the benchmark
# restarted one every two seconds, each restart costing a second of CPU.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = 10000
# Django writes the structured request log; gunicorn's own access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front terminates TLS and sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
