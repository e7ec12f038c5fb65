"""Translating ``mill://`` URLs (the form ``ibis.connect`` routes to us) into client URLs."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

import pytest

from ibis_mill.backend_url import client_url_from_mill_url


def translate(url: str, **explicit: object) -> tuple[str, dict[str, object]]:
    """Do what ``ibis.connect`` does: query options become keywords, explicit ones win."""
    parsed = urlparse(url)
    kwargs: dict[str, object] = dict(parse_qsl(parsed.query))
    kwargs.update(explicit)
    return client_url_from_mill_url(parsed, kwargs)


@pytest.mark.parametrize(
    ("url", "client_url"),
    [
        ("mill://localhost:9090", "grpc://localhost:9090"),
        ("mill://localhost", "grpc://localhost:9090"),
        ("mill://10.0.0.5:7000?transport=grpc", "grpc://10.0.0.5:7000"),
        ("mill://h:9090?transport=grpc&tls=true", "grpcs://h:9090"),
        ("mill://h?transport=http", "http://h:8080"),
        ("mill://h:81?transport=HTTP", "http://h:81"),
        ("mill://h?transport=http&tls=1", "https://h:443"),
        (
            "mill://h:8443/mill/services/jet?transport=http&tls=yes",
            "https://h:8443/mill/services/jet",
        ),
        ("mill://[::1]:9090", "grpc://[::1]:9090"),
    ],
)
def test_transport_tls_and_default_ports(url: str, client_url: str) -> None:
    assert translate(url) == (client_url, {})


def test_client_options_stay_in_the_client_url() -> None:
    url, rest = translate("mill://h:8080?transport=http&encoding=protobuf&fetch_size=500")
    assert url == "http://h:8080?encoding=protobuf&fetch_size=500"
    assert rest == {}


def test_backend_options_become_keywords() -> None:
    url, rest = translate("mill://h:9090?database=skymill&progress=true&timeout=5")
    assert url == "grpc://h:9090?timeout=5"
    assert rest == {"database": "skymill", "progress": True}


def test_explicit_keywords_win_over_the_query_string() -> None:
    url, rest = translate("mill://h:8080?transport=http&encoding=json", encoding="protobuf")
    assert url == "http://h:8080"
    assert rest == {"encoding": "protobuf"}


def test_credentials_are_kept_for_the_client() -> None:
    url, rest = translate("mill://reader:s%40cret@h:9090")
    assert url == "grpc://reader:s%40cret@h:9090"
    assert rest == {}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mill://h?transport=ftp", r"transport must be 'grpc' or 'http', got 'ftp'"),
        ("mill://h?tls=maybe", r"tls must be true or false, got 'maybe'"),
        ("mill:///path-only", r"A mill:// URL needs a host, e\.g\. mill://localhost:9090"),
        ("mill://h:9090/services/jet", r"A gRPC mill:// URL has no path; got '/services/jet'"),
        ("grpc://h:9090", r"Expected a mill:// URL, got grpc://"),
    ],
)
def test_invalid_urls_say_what_is_wrong(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        translate(url)
