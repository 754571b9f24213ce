"""The HTTP application (FastAPI): the Open Inference Protocol's REST endpoints, a
human-friendly `/v1/classify`, `/metrics`; thin routes over the same engine calls the command
line uses. Limits (body size, pixels, queue length) are enforced before work starts; every
refusal is a 4xx with one JSON object `{"error": ...}` naming the problem, never a traceback.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel

from inception_desktop import __version__
from inception_desktop.errors import AppError, ImageError
from inception_desktop.serve.batching import QueueFull
from inception_desktop.serve.metrics import Metrics
from inception_desktop.serve.models import ServedModel
from inception_desktop.serve.protocol import (
    HEADER_LENGTH,
    ProtocolError,
    infer_response,
    parse_infer,
)
from inception_desktop.weights.exports import INPUT_NAME

log = logging.getLogger("inception_desktop.serve")
PUBLIC_PATHS = ("/v2/health/live", "/v2/health/ready")
OUTPUT_NAMES = ("logits", "probabilities")

ASGIApp = Callable[[dict[str, Any], Callable[..., Awaitable[Any]],
                    Callable[..., Awaitable[Any]]], Awaitable[None]]


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


class ServerState:
    """What the routes share: the models (filled when loading finishes), metrics, limits."""

    def __init__(self, max_upload_bytes: int, token: str | None, metrics: Metrics) -> None:
        self.models: dict[str, ServedModel] = {}
        self.ready = False
        self.load_error: str | None = None
        self.max_upload_bytes = max_upload_bytes
        self.token = token
        self.metrics = metrics

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


# ----------------------------------------------------------------------------- middleware

class BodyTooLarge(ProtocolError):
    """Raised while the body streams in, as soon as it passes the limit (answered as 413
    by the app's handler of protocol errors)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body is over the limit of {limit:,} bytes")


def guard(app: ASGIApp, state: ServerState) -> ASGIApp:
    """Token check, body-size limit (before the body is read), access log and metrics."""

    async def middleware(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status_holder = {"status": 500}
        scope.setdefault("state", {})

        async def send_wrapper(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
            await send(message)

        async def reply(response: Response) -> None:
            await response(scope, receive, send_wrapper)

        path = scope.get("path", "")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        try:
            if state.token is not None and path not in PUBLIC_PATHS:
                given = headers.get("authorization", "")
                expected = f"Bearer {state.token}"
                if not hmac.compare_digest(given.encode(), expected.encode()):
                    await reply(_error(401, "a valid token is needed: send the header "
                                            "'Authorization: Bearer <token>'",
                                       {"www-authenticate": "Bearer"}))
                    return
            length = headers.get("content-length")
            if length is not None and length.isdigit() and \
                    int(length) > state.max_upload_bytes:
                await reply(_error(413, f"the body ({int(length):,} bytes) is over the limit "
                                        f"of {state.max_upload_bytes:,} bytes"))
                return
            received = 0

            async def counting_receive() -> dict[str, Any]:
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > state.max_upload_bytes:
                        raise BodyTooLarge(state.max_upload_bytes)
                return dict(message)

            await app(scope, counting_receive, send_wrapper)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or ("(unmatched)" if
                                                        status_holder["status"] == 404
                                                        else path)
            state.metrics.request(scope.get("method", ""), template, status_holder["status"],
                                  seconds)
            batch = scope["state"].get("batch")
            log.info("%s %s %d %.1f ms%s", scope.get("method", ""), path,
                     status_holder["status"], seconds * 1000,
                     f" batch {batch}" if batch is not None else "")

    return middleware


# ----------------------------------------------------------------------------- the app

def create_app(state: ServerState, lifespan: Any = None) -> FastAPI:
    app = FastAPI(title="inception-desktop", version=__version__, lifespan=lifespan,
                  docs_url="/docs", redoc_url=None)

    @app.exception_handler(ProtocolError)
    async def protocol_error(request: Request, exc: ProtocolError) -> Response:
        return _error(exc.status, str(exc), exc.headers)

    @app.exception_handler(QueueFull)
    async def queue_full(request: Request, exc: QueueFull) -> Response:
        return _error(503, "the server is busy (its queue is full); try again shortly",
                      {"retry-after": "1"})

    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        status = 413 if isinstance(exc, ImageError) and "over the limit" in str(exc) else 400
        return _error(status, str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error answering %s %s", request.method, request.url.path)
        return _error(500, f"internal error ({type(exc).__name__}); the server log has the "
                           "details")

    # ------------------------------------------------------------------ health and metadata

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
                "extensions": ["binary_tensor_data"]}

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

    # ------------------------------------------------------------------ inference

    @app.post("/v2/models/{name}/infer")
    @app.post("/v2/models/{name}/versions/{version}/infer")
    async def infer(name: str, request: Request, version: str | None = None) -> Response:
        model = state.model(name)
        _check_version(model, version)
        body = await request.body()
        parsed = parse_infer(body, request.headers.get(HEADER_LENGTH))
        if len(parsed.inputs) != 1 or parsed.inputs[0].name != INPUT_NAME:
            raise ProtocolError(400, f"{model.name} takes one input named {INPUT_NAME!r}, "
                                     f"got {[i.name for i in parsed.inputs]}")
        tensor = parsed.inputs[0]
        if tensor.datatype != "FP32":
            raise ProtocolError(400, f"input {INPUT_NAME!r} must be FP32, not "
                                     f"{tensor.datatype}")
        if len(tensor.shape) != 4 or tensor.shape[1:] != model.input_shape or \
                tensor.shape[0] < 1:
            raise ProtocolError(400, f"input {INPUT_NAME!r} must have the shape "
                                     f"[N, {', '.join(map(str, model.input_shape))}] (N >= 1), "
                                     f"not {tensor.shape}")
        if tensor.shape[0] > model.batcher.max_queue:
            raise ProtocolError(413, f"at most {model.batcher.max_queue} images per request")
        if not np.isfinite(tensor.array).all():
            raise ProtocolError(400, f"input {INPUT_NAME!r} holds values that are not finite "
                                     "numbers")
        wanted = parsed.outputs if parsed.outputs is not None else list(OUTPUT_NAMES)
        unknown = [o for o in wanted if o not in OUTPUT_NAMES]
        if unknown:
            raise ProtocolError(400, f"unknown output(s) {unknown}; {model.name} has "
                                     f"{list(OUTPUT_NAMES)}")
        logits = await model.logits(tensor.array)
        request.scope["state"]["batch"] = model.batcher.batches[-1] \
            if model.batcher.batches else None
        from inception_desktop.engine.results import softmax

        values = {"logits": logits,
                  "probabilities": softmax(logits).astype(np.float32)}
        body_out, headers = infer_response(model.name, model.version, parsed,
                                           {o: values[o] for o in wanted})
        return Response(body_out, headers=headers)

    # ------------------------------------------------------------------ people's endpoints

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
        files = await _uploaded_images(request)
        results = await _classify_files(served, files, top_k)
        request.scope["state"]["batch"] = served.batcher.batches[-1] \
            if served.batcher.batches else None
        return {"model": served.name, "weights": served.predictor.choice.identity(),
                "results": results}

    @app.get("/metrics")
    async def metrics() -> Response:
        for name, m in state.models.items():
            state.metrics.queue_depth[name] = m.batcher.queued
        return PlainTextResponse(state.metrics.render(),
                                 media_type="text/plain; version=0.0.4; charset=utf-8")

    return app


def _check_version(model: ServedModel, version: str | None) -> None:
    if version is not None and version != model.version:
        raise ProtocolError(404, f"{model.name} has no version {version!r}; it has "
                                 f"{model.version!r}")


async def _uploaded_images(request: Request) -> list[tuple[str, bytes]]:
    """(name, bytes) of the images of a request: the raw body for an image/* content type,
    or every `file` field of a multipart form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind.startswith("image/") or kind == "application/octet-stream":
        body = await request.body()
        if not body:
            raise ProtocolError(400, "the body is empty: send the bytes of an image")
        return [(request.query_params.get("name") or "the uploaded image", body)]
    if kind == "multipart/form-data":
        try:
            form = await request.form(max_files=256, max_fields=256)
        except Exception as exc:  # a malformed form is the client's mistake
            raise ProtocolError(400, f"the multipart form cannot be read ({exc})") from None
        files = []
        for item in form.getlist("file"):
            if isinstance(item, str):
                raise ProtocolError(400, "the 'file' field must be a file upload "
                                         "(curl -F file=@photo.jpg)")
            files.append((item.filename or "upload", await item.read()))
        if not files:
            raise ProtocolError(400, "no 'file' field in the form (curl -F file=@photo.jpg)")
        return files
    raise ProtocolError(415, f"send an image (Content-Type image/*) or a multipart form with "
                             f"'file' fields, not {kind or 'no content type'!r}")


async def _classify_files(served: ServedModel, files: list[tuple[str, bytes]],
                          top_k: int) -> list[dict[str, Any]]:
    from inception_desktop.engine.pipeline import prepare_file
    from inception_desktop.engine.results import softmax
    from inception_desktop.engine.results import top_k as top

    prepared = await asyncio.gather(*(asyncio.to_thread(prepare_file, data, served.spec,
                                                        False, name)
                                      for name, data in files))
    if len(files) == 1 and prepared[0].error is not None:
        error = prepared[0].error
        raise ProtocolError(413 if "over the limit" in error else 400, error)
    ready = [p.tensor for p in prepared if p.tensor is not None]
    probs: Iterator[np.ndarray] = iter(())
    if ready:
        if len(ready) > served.batcher.max_queue:
            raise ProtocolError(413, f"at most {served.batcher.max_queue} images per request")
        logits = await served.logits(np.stack(ready))
        probs = iter(softmax(logits))
    labels = list(served.predictor.labels)
    out: list[dict[str, Any]] = []
    for p in prepared:
        if p.error is not None:
            out.append({"file": p.name, "error": p.error})
        else:
            preds = top(next(probs), labels, top_k)
            out.append({"file": p.name, "predictions": [vars(x) for x in preds]})
    return out
