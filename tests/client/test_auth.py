"""Credentials: header values and secrecy (no network)."""

from __future__ import annotations

import pytest

from mill_client.auth import BasicAuth, BearerToken, coerce_auth


def test_basic_header():
    assert BasicAuth("reader", "reader").authorization() == "Basic cmVhZGVyOnJlYWRlcg=="
    assert BasicAuth("ü", "p:w").authorization() == "Basic w7w6cDp3"


def test_bearer_header():
    assert BearerToken("abc.def.ghi").authorization() == "Bearer abc.def.ghi"


def test_repr_and_str_hide_secrets():
    basic = BasicAuth("alice", "s3cret")
    token = BearerToken("tok-XYZ")
    for text in (repr(basic), str(basic), repr(token), str(token), repr([basic, token])):
        assert "s3cret" not in text
        assert "tok-XYZ" not in text
    assert repr(basic) == "BasicAuth(username='alice', password='***')"
    assert repr(token) == "BearerToken('***')"
    assert basic.password == "s3cret"
    assert token.token == "tok-XYZ"


def test_secrets_list_covers_header_value():
    basic = BasicAuth("alice", "s3cret")
    assert basic.secrets() == ("s3cret", "Basic YWxpY2U6czNjcmV0")
    assert BearerToken("t").secrets() == ("t",)


def test_equality():
    assert BasicAuth("a", "b") == BasicAuth("a", "b")
    assert BasicAuth("a", "b") != BasicAuth("a", "c")
    assert BearerToken("x") == BearerToken("x")
    assert len({BasicAuth("a", "b"), BasicAuth("a", "b")}) == 1


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda: BasicAuth("", "p"), "BasicAuth needs a non-empty user name"),
        (lambda: BasicAuth("a:b", "p"), "BasicAuth user names cannot contain ':'"),
        (lambda: BearerToken(""), "BearerToken needs a non-empty token"),
        (lambda: BearerToken("Bearer x"), "pass the token without the 'Bearer ' prefix"),
    ],
)
def test_invalid_credentials(factory, message):
    with pytest.raises(ValueError) as info:
        factory()
    assert str(info.value).startswith(message)


def test_coerce_auth():
    assert coerce_auth(None) is None
    assert coerce_auth(("u", "p")) == BasicAuth("u", "p")
    token = BearerToken("t")
    assert coerce_auth(token) is token
    with pytest.raises(TypeError, match="ambiguous between a token and a password"):
        coerce_auth("secret")  # type: ignore[arg-type]
