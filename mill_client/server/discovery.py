"""The ``GET /.well-known/mill`` discovery document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["JET_API_PATH", "Endpoint", "discovery_document"]

#: The ``api-path`` that marks the HTTP "jet" connection in discovery.
JET_API_PATH = "/services/jet/"


@dataclass(frozen=True)
class Endpoint:
    """Where one transport listens, as discovery reports it."""

    scheme: str
    host: str
    port: int


def discovery_document(
    schemas: list[str],
    *,
    grpc: Endpoint | None,
    http: Endpoint | None,
    auth_methods: list[str],
) -> dict[str, Any]:
    """Build Mill's discovery document: every value a list except ``app``.

    Unlike the real server, which reports HTTP port 8080 whatever it listens on, the
    connections carry the ports actually bound.

    Args:
        schemas: Schema names, as ``ListSchemas`` reports them.
        grpc: The gRPC endpoint, or ``None`` when gRPC is off.
        http: The HTTP endpoint, or ``None`` when HTTP is off.
        auth_methods: Enabled methods (``"OAUTH2"``, ``"BASIC"``); empty without security.
    """
    services: list[dict[str, Any]] = []
    connections: list[dict[str, Any]] = []
    if grpc is not None:
        services.append({"name": "data-grpc"})
        connections.append({"port": grpc.port, "host": grpc.host, "scheme": grpc.scheme})
    if http is not None:
        services.append({"name": "data-http"})
        connections.append(
            {"scheme": http.scheme, "host": http.host, "port": http.port, "api-path": JET_API_PATH}
        )
    return {
        "app": {"name": "Mill"},
        "services": services,
        "connections": connections,
        "security": [
            {
                "enabled": bool(auth_methods),
                "authMethods": [{"authMethod": method} for method in auth_methods],
            }
        ],
        "schemas": [{"name": name} for name in schemas],
    }
