"""The HTTP application (FastAPI): the Open Inference Protocol's REST endpoints, a
human-friendly `/v1/classify`, `/metrics`; thin routes over the same engine calls the command
line uses. Every refusal is a 4xx or 5xx with one JSON object `{"error": ...}` naming the
problem, never a traceback; the status follows the error's type, never its words.

Bounded by construction (the connection limits are `serve.connections`):
- limits are enforced before work starts: the token, the body size (before the body is
  read), admission by the wait a request can expect (before its body is read), the number
  of images of a request (counted while the form is read, before any is decoded);
- a request's images are decoded a batch at a time (at most --max-batch), by a bounded
  number of decoders, and its memory is given back afterwards;
- large JSON bodies are parsed off the event loop (`serve.offload`), so health checks never
  wait behind them or behind inference;
- a request whose client went away is dropped from the queue before it runs;
- one request's input that makes the network's outputs non-finite is that request's 400,
  never its batch-mates';
- metrics are labelled by route template and known methods (an attacker cannot make new
  series), and the access log escapes what the client sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import numpy as np
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from inception_desktop import __version__
from inception_desktop.errors import (
    AppError,
    BackendError,
    ImageTooLarge,
    WeightsError,
)
from inception_desktop.serve.batching import PoisonedInput, QueueFull
from inception_desktop.serve.memory import release_memory
from inception_desktop.serve.metrics import Metrics
from inception_desktop.serve.models import ServedModel
from inception_desktop.serve.offload import Parser
from inception_desktop.serve.protocol import (
    HEADER_LENGTH,
    InferRequest,
    ProtocolError,
    classification_strings,
    infer_response,
)
from inception_desktop.weights.exports import INPUT_NAME

log = logging.getLogger("inception_desktop.serve")
PUBLIC_PATHS = ("/v2/health/live", "/v2/health/ready")
OUTPUT_NAMES = ("logits", "probabilities")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
# A request that handled this many bytes of images or tensors gives its memory back after.
RELEASE_AFTER_BYTES = 16 << 20

ASGIApp = Callable[[dict[str, Any], Callable[..., Awaitable[Any]],
                    Callable[..., Awaitable[Any]]], Awaitable[None]]
T = TypeVar("T")


class PredictionOut(BaseModel):
    rank: int
    index: int
    label: str
    probability: float


class FileResult(BaseModel):
    file: str
    predictions: list[PredictionOut] | None = None
    error: str | None = None


class ClassifyResponse(BaseModel):
    model: str
    weights: dict[str, Any]
    results: list[FileResult]


def default_decoders() -> int:
    """Images decoded at once, over all requests: their memory is the server's peak."""
    return max(1, min(4, os.cpu_count() or 1))


class ServerState:
    """What the routes share: the models (filled when loading finishes), metrics, limits."""

    def __init__(self, max_upload_bytes: int, token: str | None, metrics: Metrics,
                 decoders: int | None = None) -> None:
        self.models: dict[str, ServedModel] = {}
        self.ready = False
        self.load_error: str | None = None
        self.load_exception: Exception | None = None
        self.max_upload_bytes = max_upload_bytes
        self.token = token
        self.metrics = metrics
        self.decoders = decoders or default_decoders()
        self.parser = Parser()
        self._decoding: asyncio.Semaphore | None = None

    @property
    def decoding(self) -> asyncio.Semaphore:
        if self._decoding is None:  # made inside the server's event loop
            self._decoding = asyncio.Semaphore(self.decoders)
        return self._decoding

    def model(self, name: str | None) -> ServedModel:
        if not self.ready:
            raise ProtocolError(503, "the models are still loading", {"retry-after": "1"})
        if name is None:
            if len(self.models) == 1:
                return next(iter(self.models.values()))
            raise ProtocolError(400, f"name a model (?model=NAME): served are "
                                     f"{', '.join(self.models)}")
        found = self.models.get(name)
        if found is None:
            raise ProtocolError(404, f"unknown model {name!r}; served: "
                                     f"{', '.join(self.models)}")
        return found


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def printable(text: str, limit: int = 300) -> str:
    """What a client sent, safe for one log line: control and other unprintable characters
    escaped (a `%0a` in a path forges no line), cut at `limit`."""
    safe = "".join(c if c.isprintable() and c != "\\" else
                   c.encode("unicode_escape").decode("ascii") for c in text[:limit])
    return safe + ("..." if len(text) > limit else "")


# ----------------------------------------------------------------------------- middleware

class BodyTooLarge(ProtocolError):
    """Raised while the body streams in, as soon as it passes the limit (answered as 413
    by the app's handler of protocol errors)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body is over the limit of {limit:,} bytes",
                         {"connection": "close"})


def guard(app: ASGIApp, state: ServerState) -> ASGIApp:
    """Token check, body-size limit (before the body is read), paths with a trailing slash
    answered as without (no redirect), access log and metrics."""
    routes = list(getattr(app, "routes", []))

    async def middleware(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status_holder = {"status": 500}
        path = scope.get("path", "")
        scope = _without_trailing_slash(scope)
        scope.setdefault("state", {})

        async def send_wrapper(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
            await send(message)

        try:
            refusal = _refusal(state, scope)
            if refusal is not None:
                await refusal(scope, receive, send_wrapper)
                return
            await app(scope, _counting(receive, state.max_upload_bytes), send_wrapper)
        finally:
            _record(state, routes, scope, path, status_holder["status"],
                    time.perf_counter() - started)

    return middleware


def _without_trailing_slash(scope: dict[str, Any]) -> dict[str, Any]:
    """/v2/ is /v2: answered, not redirected."""
    path = scope.get("path", "")
    if len(path) > 1 and path.endswith("/"):
        return {**scope, "path": path.rstrip("/") or "/",
                "raw_path": scope.get("raw_path", b"").rstrip(b"/") or b"/"}
    return scope


def _refusal(state: ServerState, scope: dict[str, Any]) -> Response | None:
    """The answer to a request refused before its body is read (no valid token, a declared
    body over the limit); None for one that may go on."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1")
               for k, v in scope.get("headers", [])}
    if state.token is not None and scope["path"] not in PUBLIC_PATHS:
        given = headers.get("authorization", "")
        expected = f"Bearer {state.token}"
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return _error(401, "a valid token is needed: send the header "
                               "'Authorization: Bearer <token>'",
                          {"www-authenticate": "Bearer"})
    length = headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > state.max_upload_bytes:
        return _error(413, f"the body ({int(length):,} bytes) is over the limit "
                           f"of {state.max_upload_bytes:,} bytes",
                      {"connection": "close"})
    return None


def _counting(receive: Any, limit: int) -> Callable[[], Awaitable[dict[str, Any]]]:
    """`receive`, raising BodyTooLarge as soon as the body streamed in passes `limit`."""
    received = 0

    async def counting_receive() -> dict[str, Any]:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return dict(message)

    return counting_receive


def _route_template(routes: list[Any], scope: dict[str, Any]) -> str:
    """The template of the route a request matched (metrics are labelled by it, so a client
    cannot make new series)."""
    for route in routes:
        match, _ = route.matches(scope)
        if match in (Match.FULL, Match.PARTIAL):
            return str(getattr(route, "path", "(unmatched)"))
    return "(unmatched)"


def _record(state: ServerState, routes: list[Any], scope: dict[str, Any], path: str,
            status: int, seconds: float) -> None:
    """A request's metrics and access-log line (what the client sent, escaped)."""
    method = scope.get("method", "")
    state.metrics.request(method if method in METHODS else "OTHER",
                          _route_template(routes, scope), status, seconds)
    batch = scope["state"].get("batch")
    raw = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
    log.info("%s %s %d %.1f ms%s", printable(method, 16),
             printable(raw.decode("latin-1")), status,
             seconds * 1000, f" batch {batch}" if batch is not None else "")


# ----------------------------------------------------------------------------- helpers

class ClientGone(Exception):
    """The client closed its connection before its answer was ready."""


async def _disconnected(request: Request) -> None:
    """Returns when the client has gone (the body has been read by then)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def unless_gone(request: Request, work: Awaitable[T]) -> T:
    """`work`, cancelled (and dropped from the queue) if the client goes away first."""
    task = asyncio.ensure_future(work)
    gone = asyncio.ensure_future(_disconnected(request))
    try:
        await asyncio.wait({task, gone}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not task.done():
            task.cancel()
        gone.cancel()
    if not task.done() or task.cancelled():
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        raise ClientGone()
    return task.result()


def _status_of(exc: AppError) -> int:
    """An engine error's HTTP status, by its type."""
    if isinstance(exc, ImageTooLarge):
        return 413
    if isinstance(exc, (WeightsError, BackendError)):
        return 500  # the server's weights or runtime, not the client's request
    return 400


# ----------------------------------------------------------------------------- the app

def create_app(state: ServerState, lifespan: Any = None) -> FastAPI:
    app = FastAPI(title="inception-desktop", version=__version__, lifespan=lifespan,
                  docs_url="/docs", redoc_url=None)
    app.router.redirect_slashes = False  # the guard answers /v2/ as /v2, no redirect
    _add_error_handlers(app)
    _add_metadata_routes(app, state)
    _add_inference_route(app, state)
    _add_people_routes(app, state)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    """Every refusal as one JSON object `{"error": ...}`, its status by the error's type."""

    @app.exception_handler(ProtocolError)
    async def protocol_error(request: Request, exc: ProtocolError) -> Response:
        return _error(exc.status, str(exc), exc.headers)

    @app.exception_handler(QueueFull)
    async def queue_full(request: Request, exc: QueueFull) -> Response:
        return _error(503, "the server is busy (its queue is full); try again shortly",
                      {"retry-after": str(exc.retry_after), "connection": "close"})

    @app.exception_handler(ClientGone)
    @app.exception_handler(ClientDisconnect)
    async def client_gone(request: Request, exc: Exception) -> Response:
        return _error(499, "the client closed the connection")  # nobody reads it

    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        return _error(_status_of(exc), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        words = {404: f"no such endpoint: {request.url.path}",
                 405: f"{request.method} is not allowed on {request.url.path}"}
        return _error(exc.status_code, words.get(exc.status_code, str(exc.detail)),
                      dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for item in exc.errors()[:3]:
            where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path"))
            problems.append(f"{where}: {item.get('msg', 'invalid')}")
        return _error(422, "; ".join(problems) or "the request's parameters are invalid")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error answering %s %s", request.method,
                      printable(request.url.path))
        return _error(500, f"internal error ({type(exc).__name__}); the server log has the "
                           "details")


def _add_metadata_routes(app: FastAPI, state: ServerState) -> None:
    """Health and metadata of the server and its models."""

    @app.get("/v2/health/live")
    async def live() -> Response:
        return JSONResponse({})

    @app.get("/v2/health/ready")
    async def ready() -> Response:
        if not state.ready:
            return _error(503, state.load_error or "the models are still loading")
        return JSONResponse({})

    @app.get("/v2")
    async def server_metadata() -> dict[str, Any]:
        return {"name": "inception-desktop", "version": __version__,
                "extensions": ["binary_tensor_data", "classification"]}

    @app.get("/v2/models/{name}")
    @app.get("/v2/models/{name}/versions/{version}")
    async def model_metadata(name: str, version: str | None = None) -> dict[str, Any]:
        model = state.model(name)
        _check_version(model, version)
        return model.metadata()

    @app.get("/v2/models/{name}/ready")
    @app.get("/v2/models/{name}/versions/{version}/ready")
    async def model_ready(name: str, version: str | None = None) -> Response:
        model = state.model(name)
        _check_version(model, version)
        return JSONResponse({})


def _add_inference_route(app: FastAPI, state: ServerState) -> None:
    """The Open Inference Protocol's inference."""

    @app.post("/v2/models/{name}/infer")
    @app.post("/v2/models/{name}/versions/{version}/infer")
    async def infer(name: str, request: Request, version: str | None = None) -> Response:
        model = state.model(name)
        _check_version(model, version)
        with model.batcher.admit():  # before the body is read: refused at once when busy
            body = await request.body()
            parsed = await state.parser.parse(body, request.headers.get(HEADER_LENGTH))
            del body
            tensor = _checked_input(model, parsed)
            wanted = parsed.outputs if parsed.outputs is not None else list(OUTPUT_NAMES)
            unknown = [o for o in wanted if o not in OUTPUT_NAMES]
            if unknown:
                raise ProtocolError(400, f"unknown output(s) {unknown}; {model.name} has "
                                         f"{list(OUTPUT_NAMES)}")
            try:
                logits = await unless_gone(request, model.logits(tensor))
            except PoisonedInput:
                raise ProtocolError(400, f"input {INPUT_NAME!r} makes {model.spec.display_name}"
                                         "'s outputs not finite numbers: its values are far "
                                         "outside what preprocessing gives") from None
        request.scope["state"]["batch"] = model.batcher.batches[-1] \
            if model.batcher.batches else None
        body_out, headers = await asyncio.to_thread(_infer_answer, model, parsed, wanted,
                                                    logits)
        if tensor.nbytes >= RELEASE_AFTER_BYTES:
            await asyncio.to_thread(release_memory)
        return Response(body_out, headers=headers)


def _add_people_routes(app: FastAPI, state: ServerState) -> None:
    """The human-friendly endpoints: the models, /v1/classify, /metrics."""

    @app.get("/v1/models")
    async def list_models() -> dict[str, Any]:
        if not state.ready:
            raise ProtocolError(503, "the models are still loading", {"retry-after": "1"})
        return {"models": [m.describe() for m in state.models.values()]}

    @app.post("/v1/classify", response_model=ClassifyResponse, response_model_exclude_none=True)
    async def classify(request: Request, model: str | None = None,
                       top_k: int = 5) -> dict[str, Any]:
        served = state.model(model)
        if not 1 <= top_k <= 1000:
            raise ProtocolError(400, f"top_k must be from 1 to 1000, not {top_k}")
        with served.batcher.admit():  # before the body is read: refused at once when busy
            results, handled = await _classify_request(state, served, request, top_k)
        request.scope["state"]["batch"] = served.batcher.batches[-1] \
            if served.batcher.batches else None
        if handled >= RELEASE_AFTER_BYTES:
            await asyncio.to_thread(release_memory)
        return {"model": served.name, "weights": served.predictor.choice.identity(),
                "results": results}

    @app.get("/metrics")
    async def metrics() -> Response:
        for name, m in state.models.items():
            state.metrics.queue_depth[name] = m.batcher.queued
            state.metrics.abandoned[name] = m.batcher.abandoned
        return PlainTextResponse(state.metrics.render(),
                                 media_type="text/plain; version=0.0.4; charset=utf-8")


def _check_version(model: ServedModel, version: str | None) -> None:
    if version is not None and version != model.version:
        raise ProtocolError(404, f"{model.name} has no version {version!r}; it has "
                                 f"{model.version!r}")


def _checked_input(model: ServedModel, parsed: InferRequest) -> np.ndarray:
    if len(parsed.inputs) != 1 or parsed.inputs[0].name != INPUT_NAME:
        raise ProtocolError(400, f"{model.name} takes one input named {INPUT_NAME!r}, "
                                 f"got {[i.name for i in parsed.inputs]}")
    tensor = parsed.inputs[0]
    if tensor.datatype != "FP32":
        raise ProtocolError(400, f"input {INPUT_NAME!r} must be FP32, not {tensor.datatype}")
    if len(tensor.shape) != 4 or tensor.shape[1:] != model.input_shape or tensor.shape[0] < 1:
        raise ProtocolError(400, f"input {INPUT_NAME!r} must have the shape "
                                 f"[N, {', '.join(map(str, model.input_shape))}] (N >= 1), "
                                 f"not {tensor.shape}")
    if tensor.shape[0] > model.max_images:
        raise ProtocolError(413, f"at most {model.max_images} images per request")
    if not np.isfinite(tensor.array).all():
        raise ProtocolError(400, f"input {INPUT_NAME!r} holds values that are not finite "
                                 "numbers")
    for output, count in parsed.classification.items():
        if count > model.num_classes:
            raise ProtocolError(400, f"output {output!r}: classification {count} is more than "
                                     f"the {model.num_classes} classes")
    return tensor.array


def _infer_answer(model: ServedModel, parsed: InferRequest, wanted: list[str],
                  logits: np.ndarray) -> tuple[bytes, dict[str, str]]:
    from inception_desktop.engine.results import softmax

    values = {"logits": logits, "probabilities": softmax(logits).astype(np.float32)}
    labels = list(model.predictor.labels)
    outputs = {}
    for name in wanted:
        count = parsed.classification.get(name)
        outputs[name] = values[name] if count is None else \
            classification_strings(values[name], count, labels)
    return infer_response(model.name, model.version, parsed, outputs)


# ----------------------------------------------------------------------------- /v1/classify

class TooManyImages(Exception):
    """A form with more files than one request may hold (counted while it is read)."""


class _ImageForm(MultiPartParser):
    """Starlette's multipart parser, counting the files as their headers arrive: one over
    the limit stops the upload before anything is decoded (files are spooled, not read)."""

    def __init__(self, *args: Any, max_images: int, **kwargs: Any) -> None:
        super().__init__(*args, max_files=max_images + 1, max_fields=max_images + 16, **kwargs)
        self.max_images = max_images

    def on_headers_finished(self) -> None:
        super().on_headers_finished()
        if self._current_files > self.max_images:
            raise TooManyImages()


async def _uploaded(request: Request, served: ServedModel) -> list[tuple[str, Any]]:
    """(name, bytes or an UploadFile not read yet) of the images of a request: the raw body
    for an image/* content type, or every `file` field of a multipart form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind.startswith("image/") or kind == "application/octet-stream":
        body = await request.body()
        if not body:
            raise ProtocolError(400, "the body is empty: send the bytes of an image")
        return [(request.query_params.get("name") or "the uploaded image", body)]
    if kind == "multipart/form-data":
        parser = _ImageForm(request.headers, request.stream(), max_images=served.max_images)
        try:
            form = await parser.parse()
        except TooManyImages:
            raise ProtocolError(413, f"at most {served.max_images} images per request",
                                {"connection": "close"}) from None
        except MultiPartException as exc:  # a malformed form is the client's mistake
            raise ProtocolError(400, f"the multipart form cannot be read ({exc.message})") \
                from None
        files: list[tuple[str, Any]] = []
        for item in form.getlist("file"):
            if isinstance(item, str):
                await form.close()
                raise ProtocolError(400, "the 'file' field must be a file upload "
                                         "(curl -F file=@photo.jpg)")
            files.append((item.filename or "upload", item))
        if not files:
            await form.close()
            raise ProtocolError(400, "no 'file' field in the form (curl -F file=@photo.jpg)")
        return files
    raise ProtocolError(415, f"send an image (Content-Type image/*) or a multipart form with "
                             f"'file' fields, not {kind or 'no content type'!r}")


async def _classify_request(state: ServerState, served: ServedModel, request: Request,
                            top_k: int) -> tuple[list[dict[str, Any]], int]:
    """Decode and classify a request's images a batch at a time -> (results, bytes
    handled)."""
    from inception_desktop.engine.pipeline import Prepared, prepare_file
    from inception_desktop.engine.results import softmax
    from inception_desktop.engine.results import top_k as top

    files = await _uploaded(request, served)
    labels = list(served.predictor.labels)
    out: list[dict[str, Any]] = []
    handled = 0

    async def prepared(name: str, source: Any) -> Prepared:
        async with state.decoding:
            data = source if isinstance(source, bytes) else await source.read()
            return await asyncio.to_thread(prepare_file, data, served.spec, False, name)

    try:
        step = served.batcher.max_batch
        for start in range(0, len(files), step):
            chunk = await asyncio.gather(*(prepared(name, source)
                                           for name, source in files[start:start + step]))
            if len(files) == 1 and chunk[0].problem is not None:
                raise chunk[0].problem  # one image: its error is the answer's status
            ready = [p for p in chunk if p.tensor is not None]
            bad: set[int] = set()
            probs: list[np.ndarray] = []
            if ready:
                batch = np.stack([p.tensor for p in ready if p.tensor is not None])
                handled += batch.nbytes
                try:
                    probs = list(softmax(await unless_gone(request, served.logits(batch))))
                except PoisonedInput:  # cannot come from a decoded image; said if it does
                    bad = set(range(len(ready)))
            given = iter(probs)
            for no, p in enumerate(ready):
                if no in bad:
                    p.error = f"{p.name}: makes the network's outputs not finite numbers"
            for p in chunk:
                if p.error is not None:
                    out.append({"file": p.name, "error": p.error})
                else:
                    out.append({"file": p.name, "predictions": [
                        vars(x) for x in top(next(given), labels, top_k)]})
            del chunk, ready, probs
    finally:
        for _, source in files:
            if not isinstance(source, bytes):
                await source.close()
    return out, handled
