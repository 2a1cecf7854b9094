"""The published OpenAPI document (at /schema, with an interactive page).

Litestar 2.25 describes a msgspec Struct as an open object, but every request body here
refuses unknown fields (`forbid_unknown_fields`, answered with 400). `ClosedStructs`
says so in the document: it builds each Struct's schema as Litestar does and adds
`additionalProperties: false` when the Struct forbids unknown fields. Response bodies
stay open: the contract lets them gain fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Schema, SecurityRequirement
from litestar.typing import FieldDefinition

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator

# On a route that needs no token: "no security requirement" overrides the document's
# global bearer requirement.
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


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Casework API", version="1.0.0", path="/schema",
        description="Event-sourced case management for community social workers "
                    "(SPEC §4). Errors are application/problem+json.",
        render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
    )
