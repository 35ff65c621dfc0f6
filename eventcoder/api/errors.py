"""One JSON shape for every error, and the request-size guard.

Every error the API answers, ours or the framework's, is ``{"ok": false, "error": "...", "errors": [...],
"status": N}`` (as datasette's ``error_body``): ``error`` is one line for people, ``errors`` lists each
problem (one per bad field for validation errors).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventcoder.errors import ConfigError, Errors, EventcoderError, StoreError

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ApiError(Exception):
    """An error to answer with ``status``; ``errors`` defaults to ``[message]``."""

    def __init__(
        self,
        status: int,
        message: str,
        errors: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or [message]
        self.headers = headers or {}


def error_body(status: int, message: str, errors: list[str] | None = None) -> dict[str, Any]:
    """The one error shape."""
    return {"ok": False, "error": message, "errors": errors or [message], "status": status}


def error_response(
    status: int, message: str, errors: list[str] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON response in the one error shape."""
    return JSONResponse(error_body(status, message, errors), status_code=status, headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def query_names(request: Request) -> list[str]:
    """The query parameters the matched route accepts."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    names: set[str] = set()
    stack = [dependant] if dependant is not None else []
    while stack:
        dep = stack.pop()
        stack.extend(dep.dependencies)
        for param in dep.query_params:
            annotation = param.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                names.update(annotation.model_fields)
            else:
                names.add(param.alias)
    return sorted(names)


def validation_messages(exc: RequestValidationError, expected: list[str]) -> tuple[int, str, list[str]]:
    """Status, summary and one message per problem for a request that failed validation."""
    problems = list(exc.errors())
    for problem in problems:
        if problem.get("type") == "json_invalid":
            reason = problem.get("ctx", {}).get("error", "cannot parse")
            message = Errors.E402.format(reason=reason)
            return 400, message, [message]
    unknown = [str(p["loc"][-1]) for p in problems if p.get("type") == "extra_forbidden" and p.get("loc")]
    if unknown and len(unknown) == len(problems) and problems[0]["loc"][:1] == ("query",):
        message = Errors.E403.format(names=", ".join(sorted(unknown)), expected=", ".join(expected) or "none")
        return 400, message, [message]
    errors = []
    for problem in problems:
        where = problem.get("loc", ())
        kind = (
            "query parameter"
            if where[:1] == ("query",)
            else "path parameter"
            if where[:1] == ("path",)
            else "field"
        )
        value = problem.get("input")
        shown = f" (got {value!r})" if where[:1] in (("query",), ("path",)) and value is not None else ""
        errors.append(f"{kind} {_field(where)}: {problem.get('msg', 'invalid')}{shown}")
    message = Errors.E408.format(reason="; ".join(errors))
    return 422, message, errors


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error, ours or the framework's, in the one shape."""

    @app.exception_handler(ApiError)
    async def on_api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.errors, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = Errors.E407.format(what="path", value=request.url.path)
        return error_response(exc.status_code, message, headers=dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        status, message, errors = validation_messages(exc, query_names(request))
        return error_response(status, message, errors)

    @app.exception_handler(ConfigError)
    async def on_config_error(request: Request, exc: ConfigError) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(StoreError)
    async def on_store_error(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error on %s: %s", request.url.path, exc)
        return error_response(503, str(exc))

    @app.exception_handler(EventcoderError)
    async def on_eventcoder_error(request: Request, exc: EventcoderError) -> JSONResponse:
        return error_response(422, str(exc))

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(500, f"Internal error: {type(exc).__name__}. See the server log.")


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send, int(declared))
            return
        # Read the whole body first (it is at most `limit` bytes), so an oversized stream is refused
        # before any route sees it; then replay it to the app.
        chunks: list[bytes] = []
        seen = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.limit:
                await self._refuse(send, seen)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, size: int) -> None:
        response = error_response(413, Errors.E401.format(size=size, limit=self.limit))
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": response.body})
