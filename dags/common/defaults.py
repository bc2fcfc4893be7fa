"""Defaults shared by the kho-cchc DAGs (airflow dag files stay thin)."""

from __future__ import annotations

import logging
import os
from datetime import timedelta

import pendulum

log = logging.getLogger(__name__)

LOCAL_TZ = pendulum.timezone("Asia/Ho_Chi_Minh")
START_DATE = pendulum.datetime(2026, 1, 1, tz=LOCAL_TZ)


def notify_failure(context) -> None:
    """Log a line provincial IT can grep for; production can swap in e-mail or chat."""
    ti = context.get("task_instance")
    log.error("kho-cchc task failed: dag=%s task=%s run=%s", getattr(ti, "dag_id", "?"),
              getattr(ti, "task_id", "?"), context.get("run_id"))


DEFAULT_ARGS = {
    "owner": "so-noi-vu-it",
    "retries": 2,
    # `cchc run` shortens the delay (CCHC_RETRY_DELAY_SECONDS) so a one-off run fails fast.
    "retry_delay": timedelta(seconds=int(os.environ.get("CCHC_RETRY_DELAY_SECONDS", "300"))),
    "on_failure_callback": notify_failure,
}


def default_inbox() -> str:
    from loaders.config import SAMPLES_INBOX

    return os.environ.get("CCHC_INBOX", str(SAMPLES_INBOX))
