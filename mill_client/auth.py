"""Credentials for a Mill server: HTTP Basic and Bearer tokens.

Both kinds travel as the ``authorization`` header (HTTP) or metadata entry (gRPC). Their
``repr`` and ``str`` never show the secret, so a credential can sit in a config object,
a log line or a traceback without leaking.
"""

from __future__ import annotations

import base64

__all__ = ["Auth", "BasicAuth", "BearerToken", "coerce_auth"]


class BasicAuth:
    """A user name and password, sent as ``Authorization: Basic base64(user:password)``.

    Args:
        username: The user name, exactly as the server knows it. It must not contain ``:``
            (the server splits the decoded pair at the first colon).
        password: The password.

    Raises:
        ValueError: The user name is empty or contains ``:``.
    """

    __slots__ = ("_password", "username")

    def __init__(self, username: str, password: str) -> None:
        if not username:
            raise ValueError("BasicAuth needs a non-empty user name")
        if ":" in username:
            raise ValueError(
                "BasicAuth user names cannot contain ':' "
                "(the server splits user:password at the first ':')"
            )
        self.username = username
        self._password = password

    @property
    def password(self) -> str:
        """The password (never shown by ``repr``)."""
        return self._password

    def authorization(self) -> str:
        """Return the ``authorization`` header value."""
        pair = f"{self.username}:{self._password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    def secrets(self) -> tuple[str, ...]:
        """Return the strings that must never appear in messages: the password and header value."""
        return tuple(s for s in (self._password, self.authorization()) if s)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BasicAuth):
            return NotImplemented
        return (self.username, self._password) == (other.username, other._password)

    def __hash__(self) -> int:
        return hash((BasicAuth, self.username, self._password))

    def __repr__(self) -> str:
        return f"BasicAuth(username={self.username!r}, password='***')"


class BearerToken:
    """A bearer token (a JWT for Mill), sent as ``Authorization: Bearer <token>``.

    Args:
        token: The token, without the ``Bearer`` prefix.

    Raises:
        ValueError: The token is empty or starts with ``Bearer``.
    """

    __slots__ = ("_token",)

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("BearerToken needs a non-empty token")
        if token.lower().startswith("bearer "):
            raise ValueError("pass the token without the 'Bearer ' prefix; the client adds it")
        self._token = token

    @property
    def token(self) -> str:
        """The token (never shown by ``repr``)."""
        return self._token

    def authorization(self) -> str:
        """Return the ``authorization`` header value."""
        return f"Bearer {self._token}"

    def secrets(self) -> tuple[str, ...]:
        """Return the strings that must never appear in messages: the token."""
        return (self._token,)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BearerToken):
            return NotImplemented
        return self._token == other._token

    def __hash__(self) -> int:
        return hash((BearerToken, self._token))

    def __repr__(self) -> str:
        return "BearerToken('***')"


Auth = BasicAuth | BearerToken


def coerce_auth(auth: Auth | tuple[str, str] | None) -> Auth | None:
    """Accept a credential object or a ``(user, password)`` pair.

    Args:
        auth: :class:`BasicAuth`, :class:`BearerToken`, a ``(user, password)`` tuple or None.

    Returns:
        The credential object, or None.

    Raises:
        TypeError: ``auth`` is something else (a bare string is refused: it is ambiguous
            between a token and a password).
    """
    if auth is None or isinstance(auth, (BasicAuth, BearerToken)):
        return auth
    if isinstance(auth, tuple) and len(auth) == 2 and all(isinstance(x, str) for x in auth):
        return BasicAuth(auth[0], auth[1])
    hint = " (a bare string is ambiguous between a token and a password)"
    raise TypeError(
        "auth must be BasicAuth(user, password), BearerToken(token) or a (user, password) "
        f"tuple, not {type(auth).__name__}" + (hint if isinstance(auth, str) else "")
    )
