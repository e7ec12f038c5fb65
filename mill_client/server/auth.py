"""Server-side authentication: Basic users and Bearer tokens, checked as Mill checks them.

Both transports read one ``Authorization`` value (the gRPC metadata key ``authorization``,
the HTTP header ``Authorization``) and hand it to :meth:`ServerAuth.authenticate`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["ANONYMOUS", "AuthenticationError", "ServerAuth"]

#: The principal name reported by ``Handshake`` when the server runs without security.
ANONYMOUS = "ANONYMOUS"

#: The principal name for an accepted Bearer token that is not a JWT with a ``sub`` claim.
BEARER_PRINCIPAL = "bearer"

_MISSING = "Missing or unsupported Authorization"
_MALFORMED_BASIC = "Malformed Basic authentication token"


class AuthenticationError(Exception):
    """The credentials were missing or rejected (gRPC ``UNAUTHENTICATED``, HTTP 401).

    The message never contains the submitted secret.
    """


@dataclass(frozen=True)
class ServerAuth:
    """The credentials a :class:`~mill_client.server.MillServer` accepts.

    With a ``ServerAuth`` the server behaves like Mill with ``mill.security.enable=true``:
    every data call must carry ``Authorization: Basic <base64 user:password>`` or
    ``Authorization: Bearer <token>`` (scheme names are case-insensitive), and only the
    schemes configured here are enabled.

    Args:
        basic: User names mapped to passwords. User names match case-insensitively, as in
            Mill's file user store; the principal is the name exactly as the client sent it.
        bearer: Accepted bearer tokens, compared exactly. The principal of a token shaped
            like a JWT is its (unverified) ``sub`` claim, otherwise ``"bearer"``.

    Raises:
        ValueError: Neither Basic users nor Bearer tokens were given.
    """

    basic: Mapping[str, str] | None = None
    bearer: Iterable[str] | None = None
    _users: dict[str, str] = field(init=False, repr=False, compare=False)
    _tokens: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        users = {name.casefold(): password for name, password in (self.basic or {}).items()}
        tokens = tuple(self.bearer or ())
        if self.basic is None and self.bearer is None:
            raise ValueError(
                "ServerAuth needs Basic users (basic=...) or Bearer tokens (bearer=...)"
            )
        object.__setattr__(self, "basic", dict(self.basic) if self.basic is not None else None)
        object.__setattr__(self, "bearer", tokens if self.bearer is not None else None)
        object.__setattr__(self, "_users", users)
        object.__setattr__(self, "_tokens", tokens)

    @property
    def methods(self) -> list[str]:
        """The enabled methods as discovery names them, in Mill's order (``OAUTH2``, ``BASIC``)."""
        methods = []
        if self.bearer is not None:
            methods.append("OAUTH2")
        if self.basic is not None:
            methods.append("BASIC")
        return methods

    def authenticate(self, authorization: str | None) -> str:
        """Check one ``Authorization`` value and return the principal name.

        Raises:
            AuthenticationError: The value is missing, uses a scheme that is not enabled,
                is malformed, or carries credentials that are not accepted.
        """
        if authorization is None:
            raise AuthenticationError(_MISSING)
        scheme, _, credentials = authorization.partition(" ")
        scheme = scheme.lower()
        if scheme == "basic" and self.basic is not None:
            return self._check_basic(credentials)
        if scheme == "bearer" and self.bearer is not None:
            return self._check_bearer(credentials)
        raise AuthenticationError(_MISSING)

    def _check_basic(self, credentials: str) -> str:
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise AuthenticationError(_MALFORMED_BASIC) from None
        user, colon, password = decoded.partition(":")
        if not colon:
            raise AuthenticationError(_MALFORMED_BASIC)
        expected = self._users.get(user.casefold())
        # Compare even for unknown users so timing does not reveal which names exist.
        matches = hmac.compare_digest((expected or "").encode(), password.encode())
        if expected is None or not matches:
            raise AuthenticationError(f"Bad credentials for user '{user}'")
        return user

    def _check_bearer(self, credentials: str) -> str:
        token = credentials.strip()
        accepted = False
        for candidate in self._tokens:
            accepted |= hmac.compare_digest(candidate.encode(), token.encode())
        if not accepted:
            raise AuthenticationError("Invalid bearer token")
        return _jwt_subject(token) or BEARER_PRINCIPAL

    def www_authenticate(self) -> list[str]:
        """The ``WWW-Authenticate`` challenges a 401 response carries, one per enabled scheme."""
        challenges = []
        if self.basic is not None:
            challenges.append('Basic realm="Realm"')
        if self.bearer is not None:
            challenges.append("Bearer")
        return challenges


def _jwt_subject(token: str) -> str | None:
    """Return the ``sub`` claim of a JWT-shaped token without verifying it, else ``None``."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return None
    subject = claims.get("sub") if isinstance(claims, dict) else None
    return subject if isinstance(subject, str) and subject else None
