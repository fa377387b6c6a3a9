"""The API's front door: `/api/` (a JSON index of links) and `/api/docs` (readable docs, server-rendered).

The docs page is built from the same OpenAPI schema that `/api/openapi.json` serves, so it cannot drift from
the API: every endpoint with its parameters (type, choices, default, limits), what it answers, every
response object's fields and how to authenticate. No CDN, no script: a plain page under the site's CSP.
Both need what the API needs: a signed-in session or a bearer token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .api import BearerToken, api

# Paths are in this order on the page; anything the schema adds later follows them.
_TAG_ORDER = ["claims", "speakers", "articles", "sources"]


def _signed_in(request: HttpRequest) -> bool:
    return request.user.is_authenticated or BearerToken()(request) is not None


@require_GET
def api_index(request: HttpRequest) -> JsonResponse:
    """`/api/`: where things are, for a person or a client that starts at the top."""
    docs = request.build_absolute_uri(reverse("publishing:api_docs"))
    if not _signed_in(request):
        return JsonResponse({"detail": "Unauthorized", "docs": docs}, status=401)
    links = {
        name: request.build_absolute_uri(reverse(f"publishing:api:{name}"))
        for name in ("claims", "speakers", "articles", "sources")
    }
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "docs": docs,
            "openapi": request.build_absolute_uri(reverse("publishing:api:openapi-json")),
            "endpoints": links,
        }
    )


# --- The schema, made readable -------------------------------------------------------------------------


@dataclass
class TypeInfo:
    text: str  # "integer", "list of ClaimOut", "date-time or null"
    ref: str = ""  # a component schema to link to
    choices: list[str] = field(default_factory=list)


@dataclass
class Param:
    name: str
    where: str
    type: TypeInfo
    required: bool
    description: str
    default: Any = None
    limits: str = ""


@dataclass
class Response:
    status: str
    description: str
    type: TypeInfo | None


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: list[list[tuple[str, bool]]]
    params: list[Param]
    responses: list[Response]


@dataclass
class Prop:
    name: str
    type: TypeInfo
    required: bool
    description: str


@dataclass
class SchemaDoc:
    name: str
    description: list[list[tuple[str, bool]]]
    props: list[Prop]


def _paragraphs(text: str) -> list[list[tuple[str, bool]]]:
    """A docstring as paragraphs (its hard wraps joined), each a list of (text, is_code) for `code`."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        joined = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if joined:
            parts = re.split(r"`([^`]+)`", joined)
            paragraphs.append([(part, i % 2 == 1) for i, part in enumerate(parts) if part])
    return paragraphs


def _type_info(schema: dict) -> TypeInfo:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return TypeInfo(name, ref=name)
    if "anyOf" in schema:
        options = [_type_info(s) for s in schema["anyOf"] if s.get("type") != "null"]
        nullable = any(s.get("type") == "null" for s in schema["anyOf"])
        text = " or ".join(o.text for o in options) + (" or null" if nullable else "")
        ref = next((o.ref for o in options if o.ref), "")
        choices = [c for o in options for c in o.choices]
        return TypeInfo(text, ref=ref, choices=choices)
    kind = schema.get("type", "any")
    if kind == "array":
        inner = _type_info(schema.get("items", {}))
        return TypeInfo(f"list of {inner.text}", ref=inner.ref, choices=inner.choices)
    text = {"date-time": "date-time", "date": "date"}.get(schema.get("format", ""), kind)
    return TypeInfo(text, choices=[str(v) for v in schema.get("enum", [])])


def _limits(schema: dict) -> str:
    parts = []
    for sub in [schema, *schema.get("anyOf", [])]:
        if "minimum" in sub:
            parts.append(f"≥ {sub['minimum']}")
        if "maximum" in sub:
            parts.append(f"≤ {sub['maximum']}")
        if "maxLength" in sub:
            parts.append(f"up to {sub['maxLength']} characters")
    return ", ".join(parts)


def _operation(method: str, path: str, op: dict) -> Operation:
    params = [
        Param(
            name=p["name"],
            where=p["in"],
            type=_type_info(p.get("schema", {})),
            required=p.get("required", False),
            description=p.get("description") or p.get("schema", {}).get("description", ""),
            default=p.get("schema", {}).get("default"),
            limits=_limits(p.get("schema", {})),
        )
        for p in op.get("parameters", [])
    ]
    responses = []
    for status, response in op.get("responses", {}).items():
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        responses.append(
            Response(status, response.get("description", ""), _type_info(schema) if schema else None)
        )
    return Operation(
        method=method.upper(),
        path=path,
        anchor=op.get("operationId", path),
        summary=op.get("summary", ""),
        description=_paragraphs(op.get("description", "")),
        params=params,
        responses=responses,
    )


def api_reference(schema: dict) -> dict:
    """The OpenAPI schema as lists a template can walk: sections of operations, then response objects."""
    sections: dict[str, list[Operation]] = {}
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            tag = (op.get("tags") or ["other"])[0]
            sections.setdefault(tag, []).append(_operation(method, path, op))
    order = sorted(sections, key=lambda t: (_TAG_ORDER.index(t) if t in _TAG_ORDER else len(_TAG_ORDER), t))
    components = schema.get("components", {})
    schemas = [
        SchemaDoc(
            name=name,
            description=_paragraphs(body.get("description", "")),
            props=[
                Prop(
                    name=prop,
                    type=_type_info(spec),
                    required=prop in body.get("required", []),
                    description=spec.get("description", ""),
                )
                for prop, spec in body.get("properties", {}).items()
            ],
        )
        for name, body in components.get("schemas", {}).items()
        if not name.endswith("Filters")  # they are the query parameters, listed with each endpoint
    ]
    return {
        "title": schema.get("info", {}).get("title", ""),
        "version": schema.get("info", {}).get("version", ""),
        "description": schema.get("info", {}).get("description", ""),
        "sections": [(tag, sections[tag]) for tag in order],
        "schemas": schemas,
        "security": components.get("securitySchemes", {}),
    }


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """`/api/docs`: the API reference as a page of the site, from the live OpenAPI schema."""
    if not _signed_in(request):
        return redirect_to_login(request.get_full_path())
    reference = api_reference(api.get_openapi_schema(path_params={}))
    ctx = {
        "ref": reference,
        "openapi_url": reverse("publishing:api:openapi-json"),
        "api_root": request.build_absolute_uri(reverse("publishing:api_index")),
        "example_url": request.build_absolute_uri(reverse("publishing:api:claims"))
        + "?status=unsupported&evidence=not_provided&limit=20",
    }
    return render(request, "publishing/api_docs.html", ctx)
