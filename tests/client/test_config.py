"""URL and option parsing for mill_client.connect (no network)."""

from __future__ import annotations

import pytest

from mill_client.auth import BasicAuth, BearerToken
from mill_client.config import DEFAULT_FETCH_SIZE, ClientConfig, parse_url, redact_url

PEM = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
URL_FORMS = (
    "use grpc://host:port, grpcs://host:port, http://host:port[/base/path] "
    "or https://host:port[/base/path]"
)


@pytest.mark.parametrize(
    ("url", "transport", "tls", "host", "port", "base_path", "encoding"),
    [
        ("grpc://localhost:9090", "grpc", False, "localhost", 9090, "", "protobuf"),
        ("grpc://mill.example.com", "grpc", False, "mill.example.com", 9090, "", "protobuf"),
        ("grpcs://mill:9443", "grpc", True, "mill", 9443, "", "protobuf"),
        ("http://localhost:8080", "http", False, "localhost", 8080, "/services/jet", "json"),
        ("http://localhost:8080/", "http", False, "localhost", 8080, "/services/jet", "json"),
        (
            "http://h:8080/mill/services/jet/",
            "http",
            False,
            "h",
            8080,
            "/mill/services/jet",
            "json",
        ),
        (
            "https://mill.example.com",
            "http",
            True,
            "mill.example.com",
            443,
            "/services/jet",
            "json",
        ),
        ("http://h", "http", False, "h", 80, "/services/jet", "json"),
        ("GRPC://H:1", "grpc", False, "h", 1, "", "protobuf"),
        ("grpc://[::1]:9090", "grpc", False, "::1", 9090, "", "protobuf"),
    ],
)
def test_url_forms(url, transport, tls, host, port, base_path, encoding):
    config = parse_url(url)
    assert (config.transport, config.tls, config.host, config.port) == (transport, tls, host, port)
    assert (config.base_path, config.encoding) == (base_path, encoding)
    assert config.fetch_size == DEFAULT_FETCH_SIZE
    assert config.timeout is None
    assert config.time_unit == "ns"
    assert config.auth is None


def test_config_url_and_netloc():
    assert parse_url("grpc://[::1]:9090").url == "grpc://[::1]:9090"
    assert parse_url("https://h/x/").url == "https://h:443/x"
    assert parse_url("grpcs://h:1").scheme == "grpcs"


@pytest.mark.parametrize("url", ["localhost:9090", "localhost", "tcp://h:1", "grpc:/h", "h/x"])
def test_bare_host_or_unknown_scheme_names_the_accepted_forms(url):
    with pytest.raises(ValueError) as info:
        parse_url(url)
    assert str(info.value) == f"unsupported Mill URL {url!r}: {URL_FORMS}"


def test_non_string_url():
    with pytest.raises(TypeError, match="url must be a string such as grpc://host:port"):
        parse_url(9090)  # type: ignore[arg-type]


def test_keyword_overrides_win_over_url_and_query():
    config = parse_url(
        "http://a:1/p?encoding=json&fetch_size=5&time_unit=ns&timeout=3",
        host="b",
        port=2,
        base_path="q/",
        encoding="protobuf",
        fetch_size=7,
        time_unit="ms",
        timeout=None,
    )
    assert config.url == "http://b:2/q"
    assert (config.encoding, config.fetch_size, config.time_unit, config.timeout) == (
        "protobuf",
        7,
        "ms",
        None,
    )


def test_query_options():
    config = parse_url(
        "http://a:1?encoding=protobuf&time_unit=ms&fetch_size=500&timeout=2.5&paging_ttl=none"
    )
    assert config.encoding == "protobuf"
    assert config.time_unit == "ms"
    assert config.fetch_size == 500
    assert config.timeout == 2.5
    assert config.paging_ttl is None
    assert parse_url("http://a:1").paging_ttl == 600.0


def test_unknown_query_option():
    with pytest.raises(ValueError) as info:
        parse_url("grpc://h:1?fetchsize=3")
    assert str(info.value) == (
        "unknown option 'fetchsize' in Mill URL 'grpc://h:1?fetchsize=3'; accepted: encoding, "
        "time_unit, fetch_size, timeout, verify, ca_cert, client_cert, client_key, paging_ttl"
    )


def test_repeated_query_option():
    with pytest.raises(ValueError, match="option 'encoding' appears twice"):
        parse_url("http://h:1?encoding=json&encoding=protobuf")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"encoding": "xml"}, "encoding must be 'json' or 'protobuf', not 'xml'"),
        ({"time_unit": "us"}, "time_unit must be 'ns' (the protocol's TIME unit) or 'ms'"),
        ({"fetch_size": 0}, "fetch_size must be a positive integer, not 0"),
        ({"fetch_size": -5}, "fetch_size must be a positive integer, not -5"),
        ({"fetch_size": True}, "fetch_size must be a positive integer, not True"),
        ({"timeout": 0}, "timeout must be a positive number of seconds or None, not 0"),
        ({"port": 70000}, "port must be an integer between 1 and 65535, not 70000"),
        ({"paging_ttl": -1}, "paging_ttl must be a positive number of seconds or None, not -1"),
    ],
)
def test_invalid_options(kwargs, message):
    with pytest.raises(ValueError) as info:
        parse_url("http://h:1", **kwargs)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("fetch_size=many", "URL option fetch_size='many' is not an integer"),
        ("timeout=soon", "URL option timeout='soon' must be a number of seconds or none"),
        ("verify=maybe", "URL option verify='maybe' must be true or false"),
    ],
)
def test_invalid_query_values(query, message):
    with pytest.raises(ValueError) as info:
        parse_url(f"https://h:1?{query}")
    assert str(info.value) == message


def test_grpc_rejects_http_only_options():
    with pytest.raises(ValueError, match="gRPC always uses protobuf; encoding='json' applies"):
        parse_url("grpc://h:1", encoding="json")
    assert parse_url("grpc://h:1", encoding="protobuf").encoding == "protobuf"
    with pytest.raises(ValueError, match="base_path applies to HTTP URLs only"):
        parse_url("grpc://h:1", base_path="/x")
    with pytest.raises(ValueError, match="gRPC URLs take no path: 'grpc://h:1/x'"):
        parse_url("grpc://h:1/x")
    with pytest.raises(ValueError, match="gRPC cannot skip certificate verification"):
        parse_url("grpcs://h:1", verify=False)


def test_bad_port_and_fragment():
    with pytest.raises(ValueError, match="Mill URL 'grpc://h:abc' has an invalid port"):
        parse_url("grpc://h:abc")
    with pytest.raises(ValueError, match="has a #fragment"):
        parse_url("http://h:1/#x")


def test_credentials_in_url_become_basic_auth():
    config = parse_url("grpc://us%40er:p%3Ass@h:1")
    assert config.auth == BasicAuth("us@er", "p:ss")
    assert config.url == "grpc://h:1"
    assert "p:ss" not in repr(config) and "p%3Ass" not in repr(config)


def test_credentials_errors_do_not_echo_the_password():
    with pytest.raises(ValueError) as info:
        parse_url("grpc://u:secret@h:1", auth=BearerToken("t"))
    assert str(info.value) == (
        "give credentials either in the URL 'grpc://u:***@h:1' or as auth=, not both"
    )
    with pytest.raises(ValueError) as info:
        parse_url("tcp://u:secret@h:1")
    assert "secret" not in str(info.value)
    assert "'tcp://u:***@h:1'" in str(info.value)
    with pytest.raises(ValueError, match="has incomplete credentials"):
        parse_url("grpc://u@h:1")


def test_auth_tuple():
    assert parse_url("http://h:1", auth=("u", "p")).auth == BasicAuth("u", "p")


def test_redact_url():
    assert redact_url("grpc://u:pw@h:1/x?y=1") == "grpc://u:***@h:1/x?y=1"
    assert redact_url("grpc://h:1") == "grpc://h:1"


def test_tls_options_need_a_tls_scheme():
    with pytest.raises(ValueError) as info:
        parse_url("http://h:1", ca_cert=PEM)
    assert str(info.value) == (
        "TLS options (ca_cert, client_cert, client_key, verify) need a https:// URL; "
        "'http://h:1' is plaintext"
    )


def test_mutual_tls_needs_cert_and_key():
    with pytest.raises(ValueError, match="mutual TLS needs both client_cert and client_key"):
        parse_url("https://h:1", client_cert=PEM)


def test_pem_from_file_and_bytes(tmp_path):
    path = tmp_path / "ca.pem"
    path.write_bytes(PEM)
    assert parse_url("grpcs://h:1", ca_cert=str(path)).ca_cert == PEM
    assert parse_url("grpcs://h:1", ca_cert=path).ca_cert == PEM
    assert parse_url(f"grpcs://h:1?ca_cert={path}").ca_cert == PEM
    assert parse_url("grpcs://h:1", ca_cert=PEM).ca_cert == PEM
    with pytest.raises(ValueError, match="ca_cert is not PEM data"):
        parse_url("grpcs://h:1", ca_cert=b"garbage")
    with pytest.raises(ValueError, match=r"cannot read ca_cert file '.*missing.pem'"):
        parse_url("grpcs://h:1", ca_cert=tmp_path / "missing.pem")


def test_verify_false_for_https():
    assert parse_url("https://h:1?verify=false").verify is False
    assert parse_url("https://h:1").verify is True


def test_repr_hides_secrets():
    config = parse_url("http://h:1", auth=BearerToken("tok-123"))
    assert "tok-123" not in repr(config)
    assert repr(config) == (
        "ClientConfig(url='http://h:1/services/jet', encoding='json', auth=BearerToken('***'), "
        "timeout=None, time_unit='ns', fetch_size=10000)"
    )
    assert isinstance(config, ClientConfig)
