"""The published OpenAPI document (at /schema, with an interactive page).

Litestar 2.25 describes a msgspec Struct as an open object, but every request body here
refuses unknown fields (`forbid_unknown_fields`, answered with 400). `ClosedStructs`
says so in the document: it builds each Struct's schema as Litestar does and adds
`additionalProperties: false` when the Struct forbids unknown fields. Response bodies
stay open: the contract lets them gain fields.

`CompletedConfig` finishes the document Litestar writes, in one place for every route, so
that it is valid OpenAPI 3.1 and a generated client can trust it (`complete`): response
headers declared without a value (`ETag`, `X-Position`, `Location`) get their schema from
`HEADER_SCHEMAS`, the bearer scheme loses the `name` that only `apiKey` schemes have,
and a route that needs no token says so with an empty `security` list.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import OpenAPI, Schema, SecurityRequirement
from litestar.typing import FieldDefinition

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator

# On a route that needs no token: "no security requirement" overrides the document's
# global bearer requirement. Litestar drops an empty list, so the route says `[{}]`, and
# the document says `[]` (see `complete`): generated clients read `[{}]` as "needs a token".
NO_TOKEN: list[SecurityRequirement] = [{}]


def forbids_unknown_fields(annotation: Any) -> bool:
    config = getattr(annotation, "__struct_config__", None)
    return bool(config is not None and config.forbid_unknown_fields)


class ClosedStructs(StructSchemaPlugin):
    """Structs that refuse unknown fields publish `additionalProperties: false`."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return (super().is_plugin_supported_field(field_definition)
                and forbids_unknown_fields(field_definition.type_))

    def to_openapi_schema(self, field_definition: FieldDefinition,
                          schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema


# The schema of each response header the API sends; any other header is a string.
HEADER_SCHEMAS: dict[str, dict[str, Any]] = {
    "ETag": {"type": "string", "pattern": '^"[0-9]+"$',
             "description": 'The case\'s version in quotes, e.g. "7".'},
    "X-Position": {"type": "string", "pattern": "^[0-9]+$",
                   "description": "A position in the event store, in decimal digits."},
    "Location": {"type": "string", "format": "uri-reference"},
    "Retry-After": {"type": "string", "pattern": "^[0-9]+$"},
}
_ANY_HEADER: dict[str, Any] = {"type": "string"}


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """The document made valid OpenAPI 3.1: every response header has a schema (Litestar
    writes none for a header declared without a value), HTTP security schemes carry no
    `name` (a field of `apiKey` schemes only), and a route open to all has `security: []`."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            if operation.get("security") == NO_TOKEN:
                operation["security"] = []
            for answer in operation.get("responses", {}).values():
                for name, header in (answer.get("headers") or {}).items():
                    if "schema" not in header and "content" not in header:
                        header["schema"] = dict(HEADER_SCHEMAS.get(name, _ANY_HEADER))
    schemes = document.get("components", {}).get("securitySchemes", {})
    for scheme in schemes.values():
        if scheme.get("type") == "http":
            scheme.pop("name", None)
    return document


class CompletedDocument(OpenAPI):
    """Litestar's document object, completed (`complete`) when it is written out."""

    def to_schema(self) -> dict[str, Any]:
        return complete(super().to_schema())


class CompletedConfig(OpenAPIConfig):
    """Litestar's OpenAPI configuration, building a `CompletedDocument`: Litestar adds
    the paths and components to the object this returns, then writes it out once."""

    def to_openapi_schema(self) -> OpenAPI:
        built = super().to_openapi_schema()
        return CompletedDocument(**{f.name: getattr(built, f.name)
                                    for f in fields(built) if f.init})


def openapi_config() -> OpenAPIConfig:
    return CompletedConfig(
        title="Casework API", version="1.0.0", path="/schema",
        description="Event-sourced case management for community social workers "
                    "(SPEC §4). Errors are application/problem+json.",
        render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
    )
