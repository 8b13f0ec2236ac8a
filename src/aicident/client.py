"""A small client of the aicident API, for the CLI's --server mode (and anyone scripting against aicident)."""

from __future__ import annotations

from typing import Any

import httpx

from aicident.errors import AicidentError, Step, StorageUnavailable


class Client:
    def __init__(self, base_url: str, token: str | None, *, timeout: float = 30.0):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout)

    def request(
        self, method: str, path: str, body: dict | None = None, *, headers: dict | None = None, **params
    ) -> Any:  # the endpoint's JSON document (its shape is the endpoint's), a PDF's bytes, or text
        try:
            response = self._http.request(
                method, path, json=body, headers=headers, params={k: v for k, v in params.items() if v is not None}
            )
        except httpx.HTTPError as error:
            raise StorageUnavailable(
                f"cannot reach the aicident server at {self._http.base_url}: {error}",
                allowed="check --server / AICIDENT_SERVER and that `aicident serve` runs",
            ) from None
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {"detail": response.text[:200]}
            raise AicidentError(
                problem.get("detail") or problem.get("title") or response.reason_phrase,
                code=problem.get("code", "http_error"),
                status=response.status_code,
                next=[Step.from_json(step) for step in problem.get("next") or [] if isinstance(step, dict)],
            )
        if response.headers.get("content-type", "").startswith("application/json"):
            return response.json()
        if response.headers.get("content-type", "").startswith("application/pdf"):
            return response.content
        return response.text

    def get(self, path: str, **params):
        return self.request("GET", path, **params)

    def post(self, path: str, body: dict | None = None):
        return self.request("POST", path, body or {})
