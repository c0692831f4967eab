"""`[metrics] listen`: /metrics (Prometheus text), /healthz and /readyz, served by aiohttp on the bot's own loop."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web
from prometheus_client import generate_latest

from aegis.bot.instruments import probe_loop_lag, refresh_state
from aegis.services.observability.metrics import registry
from aegis.storage import health

log = logging.getLogger("aegis.ops")
PING_TIMEOUT_S = 2.0
# The text format every Prometheus reads (generate_latest writes it; the names are plain ASCII, nothing needs 1.0.0).
TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8"


class DatabaseProbe:
    """Asks the database for `SELECT 1` on a thread of its own: a hung database never takes a worker the bot's
    commands need, and health checks arriving while one is still waiting share it instead of piling up."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aegis-health")
        self._asking: asyncio.Future | None = None

    async def problem(self) -> str | None:
        if self._asking is None or self._asking.done():
            self._asking = asyncio.get_running_loop().run_in_executor(self._thread, health.ping)
        try:
            await asyncio.wait_for(asyncio.shield(self._asking), PING_TIMEOUT_S)
        except TimeoutError:
            return f"database: no answer within {PING_TIMEOUT_S:g} s"
        except Exception as exc:
            text = str(exc).strip().splitlines()
            return f"database: {text[0] if text else type(exc).__name__}"
        return None

    def close(self) -> None:
        self._thread.shutdown(wait=False, cancel_futures=True)


def gateway_problems(bot) -> list[str]:
    if not bot.is_ready():
        return ["gateway: not connected yet"]
    return [f"gateway: shard {i} disconnected" for i, shard in sorted(bot.shards.items()) if shard.is_closed()]


class OpsEndpoint:
    def __init__(self, bot, host: str, port: int) -> None:
        self.bot, self.host, self.port = bot, host, port
        self.database = DatabaseProbe()
        app = web.Application()
        app.router.add_get("/metrics", self.metrics)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)
        self._runner = web.AppRunner(app, access_log=None)
        self._lag: asyncio.Task | None = None

    async def start(self) -> "OpsEndpoint":
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]  # the port given, or the one picked for port 0
        self._lag = asyncio.create_task(probe_loop_lag(), name="aegis-loop-lag")
        log.info("serving /metrics /healthz /readyz on http://%s:%d", self.host, self.port)
        return self

    async def stop(self) -> None:
        if self._lag:
            self._lag.cancel()
        await self._runner.cleanup()
        self.database.close()

    async def metrics(self, _request: web.Request) -> web.Response:
        try:
            await refresh_state(self.bot)
        except Exception as exc:  # the rest of the scrape is still worth having; the gauges keep their last values
            log.warning("metrics: could not read the schedule backlog: %s", exc)
        body = generate_latest(registry)
        return web.Response(body=body, headers={"Content-Type": TEXT_FORMAT})

    async def healthz(self, _request: web.Request) -> web.Response:
        problems = gateway_problems(self.bot)
        if database := await self.database.problem():
            problems.append(database)
        return _answer("ok", problems)

    async def readyz(self, _request: web.Request) -> web.Response:
        stopping = self.bot.is_closed() or self.bot.stop_requested  # a signal asked: let the balancer move on now
        problems = ["stopping"] if stopping else gateway_problems(self.bot)
        return _answer("ready", problems)


def _answer(good: str, problems: list[str]) -> web.Response:
    if problems:
        return web.json_response({"status": "unavailable", "reasons": problems}, status=503)
    return web.json_response({"status": good})


async def serve_operations(bot) -> OpsEndpoint | None:
    """The endpoint `[metrics] listen` asks for, started; None when it is off."""
    if not bot.config.metrics.listen:
        return None
    host, port = bot.config.metrics.address
    return await OpsEndpoint(bot, host, port).start()
