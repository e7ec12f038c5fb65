"""The Mill wire protocol, served over any engine.

:class:`MillServer` runs an :class:`Engine` behind Mill's gRPC ``DataConnectService`` and
its HTTP "jet" API, reproducing the real server's documented behaviour, so clients can be
tested against the real shape of the protocol without a Java server.
"""

from mill_client.server.auth import ServerAuth
from mill_client.server.engine import Engine, EngineError, NotFoundError, SqlError
from mill_client.server.server import MillServer
from mill_client.server.tls import ServerTLS

__all__ = [
    "Engine",
    "EngineError",
    "MillServer",
    "NotFoundError",
    "ServerAuth",
    "ServerTLS",
    "SqlError",
]
